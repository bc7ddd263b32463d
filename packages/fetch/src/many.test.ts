import { getEventListeners } from "node:events";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import type { Connection } from "@wdata-prep/core";
import type { PrepMockServer } from "@wdata-prep/mock-server";
import { describe, expect, onTestFinished, test, vi } from "vitest";
import { token } from "../test/fixtures.ts";
import { startMockApi } from "../test/mockApi.ts";
import { expectNotBefore, reply, startTestServer } from "../test/startTestServer.ts";
import { createPrepClient } from "./client.ts";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  LockedError,
  NotFoundError,
  PrepAbortError,
  PrepConnectionError,
  PrepConnectionTimeoutError,
  PrepError,
  PrepWaitTimeoutError,
} from "./errors.ts";
import type { RefreshManyProgress, RefreshManyResult } from "./many.ts";

/** A connection that writes into the spreadsheet `destinationId`, or nowhere known. */
function connection(connectionId: string, destinationId?: string): Connection {
  return {
    connectionId,
    name: `Connection ${connectionId}`,
    ...(destinationId && { destinationType: "spreadsheet", destinationId }),
  };
}

/** `count` connections `<prefix>0`, `<prefix>1`, … into `destinationId`. */
function into(destinationId: string, count: number, prefix = destinationId): Connection[] {
  return Array.from({ length: count }, (_, i) => connection(`${prefix}-${i}`, destinationId));
}

/** How many runs the server started for each connection, from the refreshes it answered 200. */
function runsStarted(server: PrepMockServer): Map<string, number> {
  const runs = new Map<string, number>();
  const count = (id: string) => runs.set(id, (runs.get(id) ?? 0) + 1);
  for (const { method, path, status, body } of server.requests) {
    if (method !== "POST" || status !== 200) continue;
    if (path === "/api/v1/connections/batch/refresh") {
      for (const item of body as { connectionId: string }[]) count(item.connectionId);
    } else count(decodeURIComponent(path.split("/")[4] as string));
  }
  return runs;
}

/** The requests the server received, as `METHOD kind status`, in order. */
function requestKinds(server: PrepMockServer): string[] {
  return server.requests.map(({ method, path, status }) => {
    const kind = path.startsWith("/api/v1/connections/batch/refresh/")
      ? "batch status"
      : path === "/api/v1/connections/batch/refresh"
        ? "batch"
        : path.endsWith("/refresh")
          ? "refresh"
          : path.endsWith("/status")
            ? "status"
            : "connection";
    return `${method} ${kind} ${status}`;
  });
}

/** The batches the server was asked to start: the connection IDs of each. */
function batchesAsked(server: PrepMockServer): string[][] {
  return server.requests
    .filter(({ method, path }) => method === "POST" && path === "/api/v1/connections/batch/refresh")
    .map(({ body }) => (body as { connectionId: string }[]).map((item) => item.connectionId));
}

describe("refreshMany", () => {
  test("packs connections by destination into batches, runs a lone one on its own, and resolves with each result in order", async () => {
    const connections = [
      ...into("dA", 3),
      ...into("dB", 2),
      connection("lone", "dL"),
      connection("nowhere"),
    ];
    const server = await startMockApi({ connections });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const ids = ["dA-0", "dB-0", "lone", "dA-1", "dB-1", "nowhere", "dA-2"];

    const results = await prep.refreshMany(ids, { pollIntervalMs: 10 });

    expect(results.map((r) => [r.connectionId, r.outcome])).toEqual(
      ids.map((id) => [id, "complete"]),
    );
    expect(batchesAsked(server)).toEqual([
      ["dA-0", "dA-1", "dA-2"],
      ["dB-0", "dB-1"],
    ]);
    // Each connection was looked up once, then started once: in its batch, or on its own.
    expect(requestKinds(server).filter((kind) => kind.startsWith("GET connection"))).toHaveLength(
      7,
    );
    expect(Object.fromEntries(runsStarted(server))).toEqual(
      Object.fromEntries(ids.map((id) => [id, 1])),
    );
    const [a0, b0, lone] = results as [RefreshManyResult, RefreshManyResult, RefreshManyResult];
    expect(a0.batchId).toEqual(expect.any(String));
    expect(b0.batchId).not.toBe(a0.batchId);
    expect(results[3]?.batchId).toBe(a0.batchId);
    expect(lone.batchId).toBeUndefined();
    expect(lone.run).toMatchObject({ connectionId: "lone", sourceStatus: "complete" });
    expect(a0.run).toMatchObject({ connectionId: "dA-0", destinationStatus: "complete" });
    for (const result of results) expect(result.error).toBeUndefined();
  });

  test("looks up no Connection given whole, and refreshes an ID given twice once, reporting it at each place", async () => {
    const connections = into("dA", 3);
    const server = await startMockApi({ connections });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const [first, second] = connections as [Connection, Connection];

    const results = await prep.refreshMany([first, "dA-2", "dA-2", second, "dA-0"], {
      pollIntervalMs: 10,
    });

    expect(results.map((r) => r.connectionId)).toEqual(["dA-0", "dA-2", "dA-2", "dA-1", "dA-0"]);
    expect(results.map((r) => r.outcome)).toEqual(Array(5).fill("complete"));
    expect(results[1]).toEqual(results[2]);
    expect(requestKinds(server).filter((kind) => kind.startsWith("GET connection"))).toEqual([
      "GET connection 200",
    ]);
    expect(batchesAsked(server)).toEqual([["dA-0", "dA-2", "dA-1"]]);
  });

  test.each([
    [101, [51, 50]],
    [201, [67, 67, 67]],
    [250, [84, 84, 82]],
  ])(
    "%i connections into one destination make batches of at most 100, as even as can be: %j",
    async (count, sizes) => {
      const connections = into("big", count);
      const server = await startMockApi({ connections });
      const prep = createPrepClient({ baseUrl: server.url, token });

      const results = await prep.refreshMany(connections, { pollIntervalMs: 10 });

      expect(batchesAsked(server).map((batch) => batch.length)).toEqual(sizes);
      expect(results.filter((r) => r.outcome === "complete")).toHaveLength(count);
      expect([...runsStarted(server).values()]).toEqual(Array(count).fill(1));
    },
  );

  test("reports how each run ended, in a batch and alone; a failed run says why in its run", async () => {
    const connections = [...into("dA", 3), connection("lone", "dL")];
    const server = await startMockApi({
      connections,
      outcomes: {
        "dA-1": { type: "source-error", error: "The query timed out" },
        "dA-2": { type: "cancelled" },
        lone: { type: "destination-error" },
      },
    });
    const prep = createPrepClient({ baseUrl: server.url, token });

    const results = await prep.refreshMany(connections, { pollIntervalMs: 10 });

    expect(results.map((r) => r.outcome)).toEqual(["complete", "error", "cancelled", "error"]);
    expect(results[1]?.run?.error).toBe("The query timed out");
    expect(results[3]?.run?.destinationStatus).toBe("error");
    for (const result of results) expect(result.error).toBeUndefined();
  });

  test("a refused batch is reported for each of its connections, and not sent again; the others run", async () => {
    const connections = [...into("locked", 2), ...into("busy", 2), ...into("ok", 2)];
    connections.push(connection("lone-locked", "dL"));
    const server = await startMockApi({
      connections,
      runDurationMs: 60_000,
      outcomes: { "locked-1": { type: "unwritable" }, "lone-locked": { type: "unwritable" } },
    });
    const prep = createPrepClient({ baseUrl: server.url, token });
    // A run of busy-0 still going: the API refuses a batch with it (409).
    await prep.refreshConnection("busy-0");
    const before = server.requests.length;

    const results = await prep.refreshMany(connections, { wait: false, concurrency: 1 });

    expect(results.map((r) => [r.connectionId, r.outcome, r.error?.constructor])).toEqual([
      ["locked-0", "not_started", LockedError],
      ["locked-1", "not_started", LockedError],
      ["busy-0", "not_started", ConflictError],
      ["busy-1", "not_started", ConflictError],
      ["ok-0", "not_started", undefined],
      ["ok-1", "not_started", undefined],
      ["lone-locked", "not_started", LockedError],
    ]);
    expect(results[0]?.error).toBe(results[1]?.error);
    expect(results[4]?.run).toMatchObject({ sourceStatus: "not_started" });
    expect(requestKinds(server).slice(before)).toEqual([
      "POST batch 423",
      "POST batch 409",
      "POST batch 200",
      "POST refresh 423",
    ]);
  });

  test("with cancelUnwritables, a connection that cannot be written is cancelled on its own and its batch runs", async () => {
    const connections = [...into("d", 3), connection("lone", "dL")];
    const server = await startMockApi({
      connections,
      runDurationMs: 0,
      outcomes: { "d-1": { type: "unwritable" }, lone: { type: "unwritable" } },
    });
    const prep = createPrepClient({ baseUrl: server.url, token });

    const results = await prep.refreshMany(connections, { cancelUnwritables: true });

    expect(results.map((r) => [r.connectionId, r.outcome, r.error?.constructor])).toEqual([
      ["d-0", "complete", undefined],
      ["d-1", "cancelled", undefined],
      ["d-2", "complete", undefined],
      ["lone", "not_started", LockedError],
    ]);
    expect(
      server.requests
        .filter(({ method }) => method === "POST")
        .map(({ path, query, status }) => [path, query, status]),
    ).toEqual([
      ["/api/v1/connections/batch/refresh", { cancelUnwritables: "true" }, 200],
      ["/api/v1/connections/lone/refresh", {}, 423],
    ]);
  });

  test("a batch the API refuses as invalid (400) is reported, not sent again", async () => {
    // The caller says they write into one destination; the API knows better.
    const served = [connection("x", "d1"), connection("y", "d2")];
    const server = await startMockApi({ connections: served });
    const prep = createPrepClient({ baseUrl: server.url, token });

    const results = await prep.refreshMany([connection("x", "d1"), connection("y", "d1")]);

    expect(results.map((r) => r.outcome)).toEqual(["not_started", "not_started"]);
    expect(results[0]?.error).toBeInstanceOf(BadRequestError);
    expect(requestKinds(server)).toEqual(["POST batch 400"]);
  });

  test("a connection that cannot be looked up is not started, with the error; the others are refreshed", async () => {
    const server = await startMockApi({ connections: into("dA", 2) });
    const prep = createPrepClient({ baseUrl: server.url, token });

    const results = await prep.refreshMany(["dA-0", "missing", "dA-1"], { pollIntervalMs: 10 });

    expect(results.map((r) => r.outcome)).toEqual(["complete", "not_started", "complete"]);
    const { error } = results[1] as RefreshManyResult;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error?.message).toBe("404 Connection missing not found");
    expect(batchesAsked(server)).toEqual([["dA-0", "dA-1"]]);
  });

  test("wait: false resolves once every run has started, with no status request", async () => {
    const server = await startMockApi({ connections: [...into("dA", 2), connection("lone")] });
    const prep = createPrepClient({ baseUrl: server.url, token });

    const results = await prep.refreshMany(["dA-0", "dA-1", "lone"], { wait: false });

    expect(results.map((r) => r.outcome)).toEqual(["not_started", "not_started", "not_started"]);
    expect(results[0]?.batchId).toEqual(expect.any(String));
    expect(results[2]?.run).toMatchObject({ connectionId: "lone", jobId: expect.any(String) });
    expect(requestKinds(server)).toEqual([
      "GET connection 200",
      "GET connection 200",
      "GET connection 200",
      "POST batch 200",
      "POST refresh 200",
    ]);
  });

  test("onProgress hears each connection's first status, each change, and its end, which is its result", async () => {
    const server = await startMockApi({ connections: into("dA", 2), runDurationMs: 150 });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const heard: RefreshManyProgress[] = [];

    const results = await prep.refreshMany(["dA-0", "dA-1"], {
      pollIntervalMs: 10,
      onProgress: (progress) => heard.push(progress),
    });

    for (const [index, id] of ["dA-0", "dA-1"].entries()) {
      const own = heard.filter((progress) => progress.connectionId === id);
      const statuses = own.map(({ run, outcome }) => [
        `${run?.sourceStatus}/${run?.destinationStatus}`,
        outcome,
      ]);
      // Each change once, in order: how many polls saw each status depends on the machine.
      expect(statuses[0]).toEqual(["not_started/not_started", undefined]);
      expect(statuses.at(-1)).toEqual(["complete/complete", "complete"]);
      expect(new Set(statuses.map((s) => s[0])).size).toBe(statuses.length);
      expect(own.at(-1)).toEqual(results[index]);
    }
  });

  test("an error thrown by onProgress ends the call with it, and nothing more is sent", async () => {
    const server = await startMockApi({ connections: into("dA", 2), runDurationMs: 60_000 });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const mistake = new Error("a bug in onProgress");

    await expect(
      prep.refreshMany(["dA-0", "dA-1"], {
        pollIntervalMs: 10,
        onProgress: () => {
          throw mistake;
        },
      }),
    ).rejects.toBe(mistake);

    const sent = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requestKinds(server)).toEqual([
      "GET connection 200",
      "GET connection 200",
      "POST batch 200",
    ]);
    expect(server.requests).toHaveLength(sent);
  });

  test("at the deadline, resolves at once: a run still going timed_out, one not started not_started", async () => {
    const connections = [...into("dA", 2), connection("lone", "dL")];
    const server = await startMockApi({ connections, runDurationMs: 60_000 });
    const prep = createPrepClient({ baseUrl: server.url, token });

    const results = await prep.refreshMany(connections, { deadlineMs: 2000, pollIntervalMs: 10 });

    expect(results.map((r) => r.outcome)).toEqual(["timed_out", "timed_out", "timed_out"]);
    const [a0, , lone] = results as RefreshManyResult[];
    const batchError = a0?.error as PrepWaitTimeoutError;
    expect(batchError).toBeInstanceOf(PrepWaitTimeoutError);
    expect(batchError.deadlineMs).toBe(2000);
    expect(batchError.batchId).toBe(a0?.batchId);
    expect(batchError.lastRun).toMatchObject({ batchRefreshId: a0?.batchId });
    expect(a0?.run).toMatchObject({ connectionId: "dA-0", sourceStatus: expect.any(String) });
    expect(lone?.error).toMatchObject({ connectionId: "lone", jobId: lone?.run?.jobId });
    expect([...runsStarted(server).values()]).toEqual([1, 1, 1]);
  });

  test("a connection whose lookup or start has not been answered at the deadline is not_started", async () => {
    const server = await startMockApi({ connections: into("dA", 2), latencyMs: 60_000 });
    const prep = createPrepClient({ baseUrl: server.url, token });

    const results = await prep.refreshMany(["dA-0", "dA-1"], { deadlineMs: 200 });

    expect(results.map((r) => r.outcome)).toEqual(["not_started", "not_started"]);
    const error = results[0]?.error as PrepWaitTimeoutError;
    expect(error).toBeInstanceOf(PrepWaitTimeoutError);
    expect(error.connectionId).toBe("dA-0");
    expect(error.message).toMatch(/its start not confirmed/);
    // The lookups under way were aborted, and nothing more was sent.
    await vi.waitFor(() => expect(server.requests.map((r) => r.aborted)).toEqual([true, true]));
  });

  test("an abort rejects at once with a PrepAbortError, and what was known was told to onProgress", async () => {
    const server = await startMockApi({ connections: into("dA", 2), runDurationMs: 60_000 });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const controller = new AbortController();
    const heard: RefreshManyProgress[] = [];

    const error = await rejectsWith(
      prep.refreshMany(["dA-0", "dA-1"], {
        pollIntervalMs: 10,
        signal: controller.signal,
        onProgress: (progress) => {
          heard.push(progress);
          if (heard.length === 2) controller.abort("Ctrl-C");
        },
      }),
      PrepAbortError,
    );

    expect(error.cause).toBe("Ctrl-C");
    expect(heard.map((p) => [p.connectionId, p.outcome, p.batchId])).toEqual([
      ["dA-0", undefined, expect.any(String)],
      ["dA-1", undefined, expect.any(String)],
    ]);
    expect(requestKinds(server)).toEqual([
      "GET connection 200",
      "GET connection 200",
      "POST batch 200",
    ]);
  });

  test("an aborted signal sends nothing", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    await rejectsWith(prep.refreshMany(["a"], { signal: AbortSignal.abort() }), PrepAbortError);
    expect(server.requests).toHaveLength(0);
  });

  test("no connections resolve with no results and no request", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    await expect(prep.refreshMany([])).resolves.toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  test.each([
    ["connections that are not an array", "c1", {}],
    ["a connection that is a number", [42], {}],
    ["a blank ID", [" "], {}],
    ['the ID ".."', [".."], {}],
    ["a Connection without a connectionId", [{ name: "x" }], {}],
    ["concurrency 0", ["c1"], { concurrency: 0 }],
    ["concurrency 1.5", ["c1"], { concurrency: 1.5 }],
    ["wait that is not a boolean", ["c1"], { wait: "yes" }],
    ["deadlineMs 0", ["c1"], { deadlineMs: 0 }],
    ["pollIntervalMs -1", ["c1"], { pollIntervalMs: -1 }],
    ["timeoutMs 0", ["c1"], { timeoutMs: 0 }],
    ["maxRetries -1", ["c1"], { maxRetries: -1 }],
    ["onProgress that is not a function", ["c1"], { onProgress: "log" }],
    [
      "an Authorization header beside the client's token",
      ["c1"],
      { headers: { authorization: "Bearer x" } },
    ],
    ["options that are not an object", ["c1"], null],
  ])("refuses %s with a PrepError before any request", async (_, connections, options) => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    await rejectsWith(prep.refreshMany(connections as never, options as never), PrepError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("refreshMany in the face of failures", () => {
  test("a start that may have reached the server is not sent again: its connections are not_started with the error", async () => {
    const server = await startMockApi({ connections: [...into("dA", 2), ...into("dB", 2)] });
    const prep = createPrepClient({ baseUrl: server.url, token });
    server.fault({ type: "drop" });

    const results = await prep.refreshMany([...into("dA", 2), ...into("dB", 2)], {
      concurrency: 1,
      pollIntervalMs: 10,
    });

    expect(results.map((r) => r.outcome)).toEqual([
      "not_started",
      "not_started",
      "complete",
      "complete",
    ]);
    expect(results[0]?.error).toBeInstanceOf(PrepConnectionError);
    // As refreshBatch says it: the batch may have started, and how to look for its runs.
    expect(results[0]?.error?.message).toBe(
      "The batch refresh of 2 connections may have reached the API and started a batch, whose batchRefreshId is not known: no answer came (the network failed); before refreshing them again, look for their runs with getRefreshStatus of each connection, which gives its latest run",
    );
    expect(results[1]?.error).toBe(results[0]?.error);
    expect(requestKinds(server).slice(0, 2)).toEqual(["POST batch undefined", "POST batch 200"]);
    expect(Object.fromEntries(runsStarted(server))).toEqual({ "dB-0": 1, "dB-1": 1 });
  });

  test("a lone run's start that got no answer within its time limit says that it may have started, and how to find it", async () => {
    const api = await startTestServer(() => {});
    const prep = createPrepClient({ baseUrl: api.url, token, timeoutMs: 300 });

    const [result] = await prep.refreshMany([connection("lone", "dL")]);

    expect(result?.outcome).toBe("not_started");
    expect(result?.error).toBeInstanceOf(PrepConnectionTimeoutError);
    expect(result?.error?.message).toBe(
      'The refresh of connection lone may have reached the API and started a run, whose jobId is not known: no answer came within 300 ms; before refreshing it again, look for that run with getRefreshStatus("lone"), which gives the latest run of the connection',
    );
    expect(result?.error?.connectionId).toBe("lone");
    expect(api.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "POST /api/v1/connections/lone/refresh",
    ]);
  });

  test("a start turned away with a 429 and Retry-After is sent again, and starts one run", async () => {
    const server = await startMockApi({ connections: into("dA", 2) });
    const prep = createPrepClient({ baseUrl: server.url, token });
    server.fault({ type: "rate-limit", retryAfterSeconds: 0 });

    const results = await prep.refreshMany(into("dA", 2), { pollIntervalMs: 10 });

    expect(results.map((r) => r.outcome)).toEqual(["complete", "complete"]);
    expect(requestKinds(server).slice(0, 2)).toEqual(["POST batch 429", "POST batch 200"]);
    expect(Object.fromEntries(runsStarted(server))).toEqual({ "dA-0": 1, "dA-1": 1 });
  });

  test("the polls outlast failures that may not happen again, and the log says so", async () => {
    const server = await startMockApi({ connections: into("dA", 2) });
    const lines: string[] = [];
    const note = (line: string) => lines.push(line);
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      maxRetries: 0,
      logger: { debug: note, info: note, warn: note, error: note },
      logLevel: "info",
    });

    const results = await prep.refreshMany(into("dA", 2), {
      pollIntervalMs: 10,
      onProgress: ({ outcome, connectionId }) => {
        // Once started, its next requests (the polls) fail twice.
        if (outcome === undefined && connectionId === "dA-1") {
          server.fault({ type: "unavailable", count: 1 });
          server.fault({ type: "drop", count: 1 });
        }
      },
    });

    expect(results.map((r) => r.outcome)).toEqual(["complete", "complete"]);
    expect(requestKinds(server)).toEqual([
      "POST batch 200",
      "GET batch status 503",
      "GET batch status undefined",
      "GET batch status 200",
    ]);
    expect(lines.filter((line) => line.includes("polling again"))).toHaveLength(2);
  });

  test("a status that cannot be read ends its connections in error, with the error naming the batch", async () => {
    const server = await startMockApi({ connections: into("dA", 2), runDurationMs: 60_000 });
    const prep = createPrepClient({ baseUrl: server.url, token });

    const results = await prep.refreshMany(into("dA", 2), {
      pollIntervalMs: 10,
      // The server forgets the batch it just started: its status is answered 404.
      onProgress: ({ outcome }) => {
        if (outcome === undefined) server.reset();
      },
    });

    expect(results.map((r) => r.outcome)).toEqual(["error", "error"]);
    const { error, batchId, run } = results[0] as RefreshManyResult;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error?.batchId).toBe(batchId);
    expect(error?.message).toMatch(`(while waiting for the batch ${batchId})`);
    expect(run?.sourceStatus).toBe("not_started");
  });

  test("a 401 ends every connection not yet sent with it, without sending more", async () => {
    const server = await startMockApi({ connections: into("dA", 6) });
    const prep = createPrepClient({ baseUrl: server.url, token: "another-token" });

    const results = await prep.refreshMany(
      into("dA", 6).map((c) => c.connectionId as string),
      { concurrency: 2 },
    );

    expect(results.map((r) => r.outcome)).toEqual(Array(6).fill("not_started"));
    for (const result of results) expect(result.error).toBeInstanceOf(AuthenticationError);
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });

  test("after a 401, the runs already started are no longer polled, and end in error with it", async () => {
    const server = await startMockApi({ connections: [connection("a"), connection("b")] });
    let current = token;
    const prep = createPrepClient({ baseUrl: server.url, token: () => current });

    const results = await prep.refreshMany(
      ["a", "b"].map((id) => connection(id)),
      {
        concurrency: 1,
        pollIntervalMs: 1000,
        onProgress: ({ connectionId, outcome }) => {
          // The token is revoked once the first run has started.
          if (connectionId === "a" && outcome === undefined) current = "revoked-token";
        },
      },
    );

    expect(results.map((r) => [r.outcome, r.error?.constructor])).toEqual([
      ["error", AuthenticationError],
      ["not_started", AuthenticationError],
    ]);
    expect(results[0]?.run).toMatchObject({ connectionId: "a", sourceStatus: "not_started" });
    expect(requestKinds(server)).toEqual(["POST refresh 200", "POST refresh 401"]);
  });

  test("the poll loop sends one status request at a time, however many runs it follows", async () => {
    // A node:http API whose batches each end on their third status request, and which answers
    // a little later, so that requests sent together would be under way together.
    let polling = 0;
    let most = 0;
    const api = await startTestServer(({ method, body }, res, index) => {
      if (method === "GET") most = Math.max(most, ++polling);
      setTimeout(() => {
        if (method === "POST") {
          const items = JSON.parse(body) as { connectionId: string }[];
          const childRefreshes = items.map((item) => ({
            ...item,
            jobId: `j-${item.connectionId}`,
          }));
          reply(res, 200, { body: { batchRefreshId: `b-${index}`, childRefreshes } });
        } else {
          polling--;
          const status = index < 2 ? "running" : "complete";
          reply(res, 200, { body: { sourceStatus: status, destinationStatus: status } });
        }
      }, 5);
    });
    const prep = createPrepClient({ baseUrl: api.url, token });
    const connections = Array.from({ length: 12 }, (_, i) => connection(`c${i}`, `d${i % 6}`));

    const results = await prep.refreshMany(connections, { pollIntervalMs: 1, concurrency: 6 });

    expect(results.map((r) => r.outcome)).toEqual(Array(12).fill("complete"));
    expect(api.requests.filter((r) => r.method === "GET")).toHaveLength(6 * 3);
    expect(most).toBe(1);
  });

  test("within the client's budget and the API's rate limit: no 429, one run per connection, no result lost", async () => {
    const connections = [
      ...into("dA", 8),
      ...into("dB", 8),
      ...into("dC", 8),
      connection("lone-1", "dL1"),
      connection("lone-2", "dL2"),
    ];
    const server = await startMockApi({
      connections,
      runDurationMs: 200,
      rateLimit: { requestsPerSecond: 40, burst: 3 },
    });
    const prep = createPrepClient({ baseUrl: server.url, token, maxRequestsPerSecond: 20 });
    const ids = connections.map((c) => c.connectionId as string).reverse();

    const results = await prep.refreshMany(ids, { pollIntervalMs: 50 });

    expect(results.map((r) => r.connectionId)).toEqual(ids);
    expect(results.map((r) => r.outcome)).toEqual(Array(ids.length).fill("complete"));
    expect(server.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect([...runsStarted(server).values()]).toEqual(Array(ids.length).fill(1));
  });

  test("many requests under way at once add no listener to one signal: Node warns of none", async () => {
    // A node:http API: the embedded one adds a listener of its own per request it holds.
    const ids = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const done = { sourceStatus: "complete", destinationStatus: "complete" };
    const api = await startTestServer(({ method, url, body }, res) => {
      const [, , , , id] = url.split("/");
      if (method === "POST") {
        const children = (JSON.parse(body) as { connectionId: string }[]).map((item) => ({
          ...item,
          jobId: `j-${item.connectionId}`,
        }));
        reply(res, 200, { body: { batchRefreshId: children[0]?.jobId, childRefreshes: children } });
      } else if (url.includes("/batch/refresh/")) {
        reply(res, 200, { body: { ...done, childRefreshes: [] } });
      } else reply(res, 200, { body: connection(id as string, `d${Number(id?.slice(1)) % 15}`) });
    });
    const prep = createPrepClient({ baseUrl: api.url, token });
    const warnings: Error[] = [];
    const warned = (warning: Error) => warnings.push(warning);
    process.on("warning", warned);
    onTestFinished(() => {
      process.off("warning", warned);
    });

    const results = await prep.refreshMany(ids, { concurrency: 30, pollIntervalMs: 10 });

    expect(results.map((r) => r.outcome)).toEqual(Array(30).fill("complete"));
    expect(api.requests.filter((r) => r.method === "GET")).toHaveLength(30 + 15);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((warning) => warning.name)).toEqual([]);
  });

  test("an API failure after the retries leaves the connection not started, with the error", async () => {
    const api = await startTestServer((_, res) => reply(res, 500, { body: "broken", code: 500 }));
    const prep = createPrepClient({ baseUrl: api.url, token, maxRetries: 0 });

    const [result] = await prep.refreshMany(["c1"]);

    expect(result?.outcome).toBe("not_started");
    expect(result?.error).toBeInstanceOf(InternalServerError);
    expect(api.requests).toHaveLength(1);
  });
});

/** A run of `connectionId` as the test servers answer it. */
const run = (connectionId: string, sourceStatus: string, destinationStatus = sourceStatus) => ({
  connectionId,
  jobId: `j-${connectionId}`,
  sourceStatus,
  destinationStatus,
});

/**
 * A node:http server that starts the batch `b1` of `dA-0` and `dA-1` with `answers[0]`, and
 * answers its status requests with the next ones in turn (the last one repeated): each the
 * batch's statuses and its children, or a status code.
 */
async function batchServer(answers: ([string, ReturnType<typeof run>[]] | number)[]) {
  return startTestServer(({ method }, res, i) => {
    const answer = answers[Math.min(method === "POST" ? 0 : i + 1, answers.length - 1)];
    if (typeof answer === "number") return reply(res, answer, { body: "gone", code: answer });
    const [status, childRefreshes] = answer ?? ["running", []];
    reply(res, 200, {
      body: {
        batchRefreshId: "b1",
        sourceStatus: status,
        destinationStatus: status,
        childRefreshes,
      },
    });
  });
}

describe("refreshMany, run by run", () => {
  test("follows a lone run by its jobId; its result names no batch", async () => {
    const api = await startTestServer(({ method }, res) =>
      reply(res, 200, { body: run("c1", method === "POST" ? "not_started" : "complete") }),
    );
    const prep = createPrepClient({ baseUrl: api.url, token });

    const [result] = await prep.refreshMany([connection("c1")], { pollIntervalMs: 1 });

    expect(result?.outcome).toBe("complete");
    expect(result && "batchId" in result).toBe(false);
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /api/v1/connections/c1/refresh",
      "GET /api/v1/connections/c1/status?jobId=j-c1",
    ]);
  });

  test("a run or batch the API starts without its ID is not followed: its connections end in error", async () => {
    const api = await startTestServer((_, res) =>
      reply(res, 200, { body: { sourceStatus: "not_started", destinationStatus: "not_started" } }),
    );
    const prep = createPrepClient({ baseUrl: api.url, token });

    const results = await prep.refreshMany([connection("lone"), ...into("dA", 2)], {
      deadlineMs: 2000,
    });

    expect(results.map((r) => [r.outcome, r.error?.message])).toEqual([
      ["error", "The API started a run without a jobId to follow"],
      ["error", "The API started a batch without an ID to follow"],
      ["error", "The API started a batch without an ID to follow"],
    ]);
    expect(api.requests.map((r) => r.method)).toEqual(["POST", "POST"]);
  });

  test("a Connection whose destination is partly known, or null, is refreshed alone", async () => {
    const api = await startTestServer((_, res) => reply(res, 200, { body: run("c", "complete") }));
    const prep = createPrepClient({ baseUrl: api.url, token });
    const partly = (connectionId: string): Connection => ({
      connectionId,
      destinationType: "spreadsheet",
    });
    const unknown = (connectionId: string) =>
      ({ connectionId, destinationType: null, destinationId: null }) as unknown as Connection;

    const results = await prep.refreshMany([
      partly("c1"),
      partly("c2"),
      unknown("c3"),
      unknown("c4"),
    ]);

    expect(results.map((r) => r.outcome)).toEqual(Array(4).fill("complete"));
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual(
      ["c1", "c2", "c3", "c4"].map((id) => `POST /api/v1/connections/${id}/refresh`),
    );
  });

  test("a batch's runs are told apart by connectionId, whatever their order in its answer", async () => {
    const api = await batchServer([
      ["running", [run("dA-1", "running"), run("dA-0", "running")]],
      ["error", [run("dA-1", "error", "not_started"), run("dA-0", "complete")]],
    ]);
    const prep = createPrepClient({ baseUrl: api.url, token });

    const results = await prep.refreshMany(into("dA", 2), { pollIntervalMs: 1 });

    expect(results.map((r) => [r.connectionId, r.outcome, r.run?.connectionId])).toEqual([
      ["dA-0", "complete", "dA-0"],
      ["dA-1", "error", "dA-1"],
    ]);
  });

  test("a connection's result is final once its run ended: later statuses of its batch do not change it", async () => {
    const api = await batchServer([
      ["running", [run("dA-0", "running"), run("dA-1", "running")]],
      ["running", [run("dA-0", "complete"), run("dA-1", "running")]],
      ["error", [run("dA-0", "error"), run("dA-1", "complete")]],
    ]);
    const prep = createPrepClient({ baseUrl: api.url, token });
    const heard: string[] = [];

    const results = await prep.refreshMany(into("dA", 2), {
      pollIntervalMs: 1,
      onProgress: ({ connectionId, outcome }) => heard.push(`${connectionId} ${outcome}`),
    });

    expect(results.map((r) => r.outcome)).toEqual(["complete", "complete"]);
    expect(heard).toEqual(["dA-0 undefined", "dA-1 undefined", "dA-0 complete", "dA-1 complete"]);
    expect(api.requests).toHaveLength(3);
  });

  test("a status that cannot be read ends in error only the connections still going", async () => {
    const api = await batchServer([
      ["running", [run("dA-0", "running"), run("dA-1", "running")]],
      ["running", [run("dA-0", "complete"), run("dA-1", "running")]],
      404,
    ]);
    const prep = createPrepClient({ baseUrl: api.url, token, maxRetries: 0 });

    const results = await prep.refreshMany(into("dA", 2), { pollIntervalMs: 1 });

    expect(results.map((r) => [r.outcome, r.error?.constructor])).toEqual([
      ["complete", undefined],
      ["error", NotFoundError],
    ]);
    expect(api.requests).toHaveLength(3);
  });

  test("after a 429 on a poll, polls again after its Retry-After, and the log says so", async () => {
    const api = await startTestServer(({ method }, res, i) => {
      if (method === "POST") return reply(res, 200, { body: run("c1", "not_started") });
      if (i === 0) return reply(res, 429, "", { "retry-after": "1" });
      reply(res, 200, { body: run("c1", "complete") });
    });
    const lines: string[] = [];
    const note = (line: string) => lines.push(line);
    const prep = createPrepClient({
      baseUrl: api.url,
      token,
      maxRetries: 0,
      logger: { debug: note, info: note, warn: note, error: note },
      logLevel: "info",
    });

    const [result] = await prep.refreshMany([connection("c1")], { pollIntervalMs: 1 });

    expect(result?.outcome).toBe("complete");
    expect(lines.filter((line) => line.includes("polling again"))).toEqual([
      expect.stringMatching(/; polling again in 1000 ms$/),
    ]);
    const [, first, second] = api.requests;
    expectNotBefore(first, second, 1000);
  });

  test("with a request budget, the polls of different runs keep to half of it", async () => {
    const api = await startTestServer(({ url }, res) =>
      reply(res, 200, { body: run(url.split("/")[4] as string, "not_started") }),
    );
    const prep = createPrepClient({ baseUrl: api.url, token, maxRequestsPerSecond: 4 });

    await prep.refreshMany([connection("c1"), connection("c2")], {
      pollIntervalMs: 1,
      deadlineMs: 1500,
    });

    // Two requests per second are left to the polls: one every 500 ms at most, so no more than
    // three before the deadline (the client's own budget would allow twice as many).
    const polls = api.requests.filter((r) => r.method === "GET");
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.length).toBeLessThanOrEqual(3);
  });

  test("at the deadline, a connection whose run already ended keeps its result", async () => {
    const api = await startTestServer(({ method, url }, res) => {
      const id = url.split("/")[4] as string;
      reply(res, 200, { body: run(id, id === "c1" && method === "POST" ? "complete" : "running") });
    });
    const prep = createPrepClient({ baseUrl: api.url, token });
    // The deadline and the pauses between polls wait for the test's clock; requests travel in
    // real time. The deadline comes once c1's run has ended, however slow the machine.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    let c1Ended = () => {};
    const ended = new Promise<void>((resolve) => {
      c1Ended = resolve;
    });

    const call = prep.refreshMany([connection("c1"), connection("c2")], {
      pollIntervalMs: 10,
      deadlineMs: 60_000,
      onProgress: ({ connectionId, outcome }) => {
        if (connectionId === "c1" && outcome) c1Ended();
      },
    });
    await ended;
    await vi.advanceTimersByTimeAsync(60_000);
    const results = await call;

    expect(results.map((r) => r.outcome)).toEqual(["complete", "timed_out"]);
    expect(results[0]?.error).toBeUndefined();
  });

  test("after a 401 on a poll, a run due much later ends in error at once, not at the deadline", async () => {
    let startedAll = () => {};
    const allStarted = new Promise<void>((resolve) => {
      startedAll = resolve;
    });
    const api = await startTestServer(({ method, url }, res, i) => {
      const id = url.split("/")[4] as string;
      if (method === "POST") {
        if (id === "c3") startedAll();
        return reply(res, 200, { body: run(id, id === "c3" ? "complete" : "running") });
      }
      // The run of c2 asks to be polled again in a minute; c1's second poll is refused.
      if (id === "c2") return reply(res, 429, "", { "retry-after": "60" });
      if (i > 0) return reply(res, 401, { body: "expired", code: 401 });
      // c1's first status waits for the last start, so that c2 is polled before c1 again.
      void allStarted.then(() => reply(res, 200, { body: run("c1", "running") }));
    });
    const prep = createPrepClient({ baseUrl: api.url, token, maxRetries: 0 });

    const results = await prep.refreshMany(
      ["c1", "c2", "c3"].map((id) => connection(id)),
      {
        concurrency: 1,
        pollIntervalMs: 10,
        deadlineMs: 10_000,
      },
    );

    expect(results.map((r) => [r.outcome, r.error?.constructor])).toEqual([
      ["error", AuthenticationError],
      ["error", AuthenticationError],
      ["complete", undefined],
    ]);
    expect(api.requests.map((r) => `${r.method} ${r.url.split("/")[4]}`).sort()).toEqual([
      "GET c1",
      "GET c1",
      "GET c2",
      "POST c1",
      "POST c2",
      "POST c3",
    ]);
  });

  test("an error thrown by onProgress at the deadline ends the call with it", async () => {
    const api = await startTestServer((_, res) => reply(res, 200, { body: run("c1", "running") }));
    const prep = createPrepClient({ baseUrl: api.url, token });
    const mistake = new Error("a bug in onProgress");

    await expect(
      prep.refreshMany([connection("c1")], {
        pollIntervalMs: 10,
        deadlineMs: 300,
        onProgress: ({ outcome }) => {
          if (outcome) throw mistake;
        },
      }),
    ).rejects.toBe(mistake);
  });

  test("leaves no listener on its signal once it has resolved", async () => {
    const api = await startTestServer((_, res) => reply(res, 200, { body: run("c1", "complete") }));
    const prep = createPrepClient({ baseUrl: api.url, token });
    const { signal } = new AbortController();

    await prep.refreshMany([connection("c1")], { signal });

    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  test("after a 401 of a lookup, the connections not yet looked up end at once, before any start", async () => {
    const api = await startTestServer((_, res) => reply(res, 401, { body: "expired", code: 401 }));
    const prep = createPrepClient({ baseUrl: api.url, token });
    const heard: string[] = [];

    const results = await prep.refreshMany([connection("x", "dX"), "a", "b"], {
      concurrency: 1,
      onProgress: ({ connectionId, outcome }) => heard.push(`${connectionId} ${outcome}`),
    });

    expect(results.map((r) => [r.outcome, r.error?.constructor])).toEqual(
      Array(3).fill(["not_started", AuthenticationError]),
    );
    expect(heard).toEqual(["a not_started", "b not_started", "x not_started"]);
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /api/v1/connections/a"]);
  });

  test("a client that sends no Authorization of its own sends the one of headers", async () => {
    const api = await startTestServer((_, res) => reply(res, 200, { body: run("c1", "complete") }));
    const prep = createPrepClient({ baseUrl: api.url });

    const [result] = await prep.refreshMany([connection("c1")], {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(result?.outcome).toBe("complete");
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${token}`]);
  });
});
