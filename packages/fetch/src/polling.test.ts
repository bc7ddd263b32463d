import { getEventListeners } from "node:events";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import type { ConnectionRun, RefreshBatch } from "@wdata-prep/core";
import { describe, expect, onTestFinished, test, vi } from "vitest";
import { runScript } from "../test/childProcess.ts";
import { token } from "../test/fixtures.ts";
import { startMockApi } from "../test/mockApi.ts";
import {
  expectNotBefore,
  reply,
  startTestServer,
  type TestServer,
} from "../test/startTestServer.ts";
import { createPrepClient, type PrepClient } from "./client.ts";
import {
  LockedError,
  NotFoundError,
  PermissionDeniedError,
  PrepAbortError,
  PrepApiError,
  PrepBatchError,
  PrepError,
  PrepRunError,
  PrepWaitTimeoutError,
} from "./errors.ts";
import { runOutcome } from "./outcome.ts";
import { pollDelay } from "./polling.ts";

/** Forces a full garbage collection (the tests run with `--expose-gc`), twice across a turn. */
async function collectGarbage(): Promise<void> {
  const { gc } = globalThis as unknown as { gc: () => void };
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

/** Seeded connections of the embedded API, by how their runs end. */
const seeded = {
  complete: "0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e",
  sourceError: "9c1e3a5b7d0f4c2e8a6b4d2f0e8c6a4b",
  destinationError: "6e96fb14b504a7179cd5b59e5f6cbbb1",
  cancelled: "83de9f54526cf725b220565e11721dd5",
};
/** The workspace of `seeded.complete`. */
const workspaceId = "7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b";
/** Connections of the seeded Q4 close workbook, by how their runs end. */
const q4 = {
  complete: "be437aa65fa1296bc4fabc5cfbb64275",
  alsoComplete: "3acaa61226a1598bd67a8ff2d41071d3",
  sourceError: "fc8fe19180b60ac5313b3dca38320161",
  unwritable: "787e66bf9a5f061ad0dc99574665ecf5",
};
const statusPath = (connectionId: string) => `/api/v1/connections/${connectionId}/status`;

/** `[source, destination]` of each run, for comparing the statuses seen. */
const sides = (runs: (ConnectionRun | RefreshBatch)[]) =>
  runs.map((r) => `${r.sourceStatus}/${r.destinationStatus}`);

/** A run as the test servers answer it. */
const runBody = (sourceStatus: string, destinationStatus: string, more = {}) => ({
  body: { jobId: "j1", connectionId: "c1", sourceStatus, destinationStatus, ...more },
  code: 200,
});

/**
 * A node:http server that answers the status requests with `answers` in turn (the last one
 * repeated): a run's two statuses, a status code with its headers, `"drop"` to close the
 * connection unanswered, or `"silent"` never to answer. Each answer has the request ID
 * `r<index>`.
 */
async function scriptedServer(
  answers: ([string, string] | [number, Record<string, string>?] | ["drop"] | ["silent"])[],
): Promise<TestServer> {
  return startTestServer((_, res, i) => {
    const answer = answers[Math.min(i, answers.length - 1)] ?? [500];
    const requestId = { "x-request-id": `r${i}` };
    if (answer[0] === "drop") res.socket?.destroy();
    else if (answer[0] === "silent") return;
    else if (typeof answer[0] === "number") {
      reply(res, answer[0], "", { ...requestId, ...(answer[1] as Record<string, string>) });
    } else reply(res, 200, runBody(answer[0], answer[1] as string), requestId);
  });
}

describe("pollDelay", () => {
  test("is the poll interval give or take a tenth", () => {
    expect(pollDelay(1000, 600_000, () => 0)).toBe(900);
    expect(pollDelay(1000, 600_000, () => 0.5)).toBe(1000);
    expect(pollDelay(1000, 600_000, () => 0.999)).toBeCloseTo(1099.8);
  });

  test("never goes past the deadline, nor past the longest delay a timer takes", () => {
    expect(pollDelay(1000, 950, () => 0.999)).toBe(950);
    const longest = 2 ** 31 - 1;
    expect(pollDelay(longest, longest, () => 0.999)).toBe(longest);
    expect(pollDelay(longest, longest, () => 0)).toBe(longest * 0.9);
  });
});

describe("waitForRefresh", () => {
  test("polls the run by its jobId until it completes, and resolves with it", async () => {
    const server = await startMockApi({ runDurationMs: 100 });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const started = await prep.refreshConnection(seeded.complete);

    const run = await prep.waitForRefresh(seeded.complete, {
      jobId: started.jobId,
      pollIntervalMs: 10,
    });

    expect(run).toMatchObject({
      jobId: started.jobId,
      sourceStatus: "complete",
      destinationStatus: "complete",
    });
    // How many polls a 100 ms run takes depends on the machine; each one asks for this jobId.
    const polls = server.requests.slice(1);
    expect(polls.length).toBeGreaterThan(0);
    for (const poll of polls) {
      expect([poll.method, poll.path, poll.query]).toEqual([
        "GET",
        statusPath(seeded.complete),
        { jobId: started.jobId },
      ]);
    }
  });

  test("calls onProgress once per status change, the first status included", async () => {
    const server = await scriptedServer([
      ["not_started", "not_started"],
      ["running", "not_started"],
      ["running", "not_started"],
      ["running", "not_started"],
      ["complete", "running"],
      ["complete", "running"],
      ["complete", "complete"],
    ]);
    const prep = createPrepClient({ baseUrl: server.url, token });
    const seen: ConnectionRun[] = [];

    await prep.waitForRefresh("c1", {
      jobId: "j1",
      pollIntervalMs: 1,
      onProgress: (run) => seen.push(run),
    });

    expect(sides(seen)).toEqual([
      "not_started/not_started",
      "running/not_started",
      "complete/running",
      "complete/complete",
    ]);
    expect(server.requests).toHaveLength(7);
  });

  test("a change of the run's error alone is progress too", async () => {
    const server = await startTestServer((_, res, i) =>
      reply(
        res,
        200,
        runBody("running", "running", i === 0 ? {} : { error: "Stopped by an admin" }),
      ),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });
    const seen: ConnectionRun[] = [];

    await rejectsWith(
      prep.waitForRefresh("c1", {
        jobId: "j1",
        pollIntervalMs: 1,
        onProgress: (run) => seen.push(run),
      }),
      PrepRunError,
    );

    expect(seen.map((run) => run.error)).toEqual([undefined, "Stopped by an admin"]);
  });

  test("keeps polling while a status is one it does not know", async () => {
    const server = await scriptedServer([
      ["queued", "queued"],
      ["error", "paused"],
      ["error", "not_started"],
    ]);
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(
      prep.waitForRefresh("c1", { jobId: "j1", pollIntervalMs: 1 }),
      PrepRunError,
    );

    expect(error.outcome).toBe("error");
    expect(server.requests).toHaveLength(3);
  });

  test("a 429 with Retry-After waits as told and is not a failure, even without retries", async () => {
    const server = await scriptedServer([
      ["running", "not_started"],
      [429, { "retry-after": "1" }],
      [429, { "retry-after": "1" }],
      ["complete", "complete"],
    ]);
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const run = await prep.waitForRefresh("c1", { jobId: "j1", pollIntervalMs: 1 });

    expect(run.sourceStatus).toBe("complete");
    expect(server.requests).toHaveLength(4);
    expectNotBefore(server.requests[1], server.requests[2], 1000);
    expectNotBefore(server.requests[2], server.requests[3], 1000);
  });

  test.each([
    ["Retry-After: 0", { "retry-after": "0" }],
    ["retry-after-ms: 0", { "retry-after-ms": "0" }],
    ["a Retry-After date in the past", { "retry-after": "Thu, 01 Jan 1970 00:00:00 GMT" }],
  ])("a 429 with %s waits the poll interval all the same, never less", async (_, headers) => {
    const server = await scriptedServer([
      ["running", "not_started"],
      [429, headers],
      [429, headers],
      ["complete", "complete"],
    ]);
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    await prep.waitForRefresh("c1", { jobId: "j1", pollIntervalMs: 200 });

    expect(server.requests).toHaveLength(4);
    expectNotBefore(server.requests[1], server.requests[2], 200);
    expectNotBefore(server.requests[2], server.requests[3], 200);
  });

  test("a 429 without Retry-After waits the poll interval", async () => {
    const server = await scriptedServer([[429], ["complete", "complete"]]);
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    await prep.waitForRefresh("c1", { jobId: "j1", pollIntervalMs: 200 });

    expectNotBefore(server.requests[0], server.requests[1], 200);
  });

  test("the longest poll interval a timer takes sleeps that long: jitter never overflows the timer", async () => {
    const server = await scriptedServer([["running", "not_started"]]);
    const prep = createPrepClient({ baseUrl: server.url, token });
    // Node warns of a delay a timer cannot take, and then fires it at once.
    const warnings: string[] = [];
    const warn = (warning: Error) => warnings.push(warning.name);
    process.on("warning", warn);
    onTestFinished(() => {
      process.off("warning", warn);
    });
    const controllers = Array.from({ length: 20 }, () => new AbortController());
    let sleeping = 0;
    const longest = 2 ** 31 - 1;

    // Enough waits that, without the cap, some jitter goes over the limit all but surely.
    const waits = controllers.map((controller) =>
      rejectsWith(
        prep.waitForRefresh("c1", {
          jobId: "j1",
          pollIntervalMs: longest,
          deadlineMs: longest,
          signal: controller.signal,
          // The sleep starts as soon as onProgress returns; a warning would come before the
          // next turn of the event loop.
          onProgress: () => {
            if (++sleeping < controllers.length) return;
            setImmediate(() => {
              for (const each of controllers) each.abort();
            });
          },
        }),
        PrepAbortError,
      ),
    );
    await Promise.all(waits);

    expect(warnings).toEqual([]);
    expect(server.requests).toHaveLength(20);
  });

  test("transient failures of its polls, several in a row, do not end it: it polls on", async () => {
    const server = await scriptedServer([
      ["running", "not_started"],
      [500],
      [502],
      ["drop"],
      [408],
      ["silent"],
      [503],
      [504],
      [429],
      ["complete", "complete"],
    ]);
    // Each poll writes a line as it ends, whatever its answer.
    const polls: string[] = [];
    const ended: (() => void)[] = [];
    const line = (message: string) => {
      if (!message.startsWith("[wdata-prep] GET ")) return;
      polls.push(message);
      for (const wake of ended.splice(0)) wake();
    };
    const pollsEnded = async (count: number) => {
      while (polls.length < count) await new Promise<void>((wake) => ended.push(wake));
    };
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      maxRetries: 0,
      logger: { debug: line, info: line, warn: line, error: line },
      logLevel: "debug",
    });
    const seen: ConnectionRun[] = [];
    // The wait's timers stand still while the requests travel in real time: the test lets the
    // pause after each poll pass once that poll has ended, and the 300 ms limit of the silent
    // one once the server holds it, so that no other poll can time out on a busy machine.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });

    const waiting = prep
      .waitForRefresh("c1", {
        jobId: "j1",
        pollIntervalMs: 1,
        timeoutMs: 300,
        onProgress: (run) => seen.push(run),
      })
      .withResponse();
    for (let poll = 1; poll < 10; poll++) {
      if (poll === 6) {
        await server.received(6);
        await vi.advanceTimersByTimeAsync(300);
      }
      await pollsEnded(poll);
      // The pause before the next poll: 1 ms, give or take a tenth.
      await vi.advanceTimersByTimeAsync(2);
    }
    const { data, requestId } = await waiting;

    expect(sides([data])).toEqual(["complete/complete"]);
    expect(sides(seen)).toEqual(["running/not_started", "complete/complete"]);
    expect(server.requests).toHaveLength(10);
    expect(polls[5]).toMatch(/^\[wdata-prep\] GET \S+: timed out after \d+ ms;/);
    // The response of a wait is its last status request's.
    expect(requestId).toBe("r9");
  });

  test.each([
    [400, PrepApiError],
    [401, PrepApiError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, PrepApiError],
    [501, PrepApiError],
  ])("a %i, which cannot change, ends it at once, naming its run", async (status, ErrorClass) => {
    const server = await scriptedServer([["running", "not_started"], [status]]);
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 5 });

    const error = await rejectsWith(
      prep.waitForRefresh("c1", { jobId: "j1", pollIntervalMs: 1 }),
      ErrorClass,
    );

    expect([error.status, error.connectionId, error.jobId]).toEqual([status, "c1", "j1"]);
    expect(error.message).toMatch(/ \(while waiting for the run j1 of connection c1\)$/);
    expect(server.requests).toHaveLength(2);
  });

  test("each poll may be retried as the options say, and the wait is not told of a retried failure", async () => {
    const server = await scriptedServer([
      [503, { "retry-after": "0" }],
      [503, { "retry-after": "0" }],
      ["complete", "complete"],
    ]);
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    await prep.waitForRefresh("c1", { jobId: "j1", maxRetries: 2 });

    expect(server.requests).toHaveLength(3);
  });
});

describe("a wait ends", () => {
  test.each([
    [
      "source-error",
      seeded.sourceError,
      "error",
      "error/not_started",
      /ended in error: The source section is locked by another run/,
    ],
    [
      "destination-error",
      seeded.destinationError,
      "error",
      "complete/error",
      /ended in error: The destination chart was deleted or moved/,
    ],
    ["cancelled", seeded.cancelled, "cancelled", "cancelled/cancelled", /ended in cancelled$/],
  ])(
    "with a PrepRunError when the run ends %s",
    async (_, connectionId, outcome, statuses, message) => {
      const server = await startMockApi({ runDurationMs: 50 });
      const prep = createPrepClient({ baseUrl: server.url, token });

      const error = await rejectsWith(
        prep.refreshAndWait(connectionId, {}, { pollIntervalMs: 10 }),
        PrepRunError,
      );

      expect(error.outcome).toBe(outcome);
      expect(sides([error.run])).toEqual([statuses]);
      expect(error.message).toMatch(
        new RegExp(`^The run ${(error.run as ConnectionRun).jobId} of connection ${connectionId} `),
      );
      expect(error.message).toMatch(message);
    },
  );

  test("with a PrepWaitTimeoutError at its deadline, holding the last status seen, the request under way aborted", async () => {
    const server = await startMockApi({ runDurationMs: 600_000 });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const started = await prep.refreshConnection(seeded.complete);

    const error = await rejectsWith(
      prep.waitForRefresh(seeded.complete, {
        jobId: started.jobId,
        deadlineMs: 1000,
        pollIntervalMs: 10,
      }),
      PrepWaitTimeoutError,
    );

    expect(error.message).toBe(
      `Waiting for the run ${started.jobId} of connection ${seeded.complete} timed out after 1000 ms; last status: source not_started, destination not_started`,
    );
    expect([error.connectionId, error.jobId, error.batchId, error.deadlineMs]).toEqual([
      seeded.complete,
      started.jobId,
      undefined,
      1000,
    ]);
    expect(error.lastRun).toMatchObject({ jobId: started.jobId, sourceStatus: "not_started" });
    const polls = server.requests.length;
    await server.close();
    // Nothing more was sent once the wait ended.
    expect(server.requests).toHaveLength(polls);
  });

  test("at its deadline even when no status came, however long the client's own time limit", async () => {
    const server = await startTestServer(() => {});
    const prep = createPrepClient({ baseUrl: server.url, token });

    const pending = rejectsWith(
      prep.waitForRefresh("c1", { jobId: "j1", deadlineMs: 1000 }),
      PrepWaitTimeoutError,
    );
    await server.received(1);
    await collectGarbage();
    const error = await pending;

    expect(error.message).toBe(
      "Waiting for the run j1 of connection c1 timed out after 1000 ms; no status seen yet",
    );
    expect(error.lastRun).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  test("at once when its signal aborts, the request under way aborted", async () => {
    const server = await startMockApi({ latencyMs: 60_000 });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const controller = new AbortController();
    const reason = new Error("the user left");

    const pending = rejectsWith(
      prep.waitForRefresh(seeded.complete, { jobId: "j1", signal: controller.signal }),
      PrepAbortError,
    );
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort(reason);
    // Settled before anything else runs: no timer, no answer awaited.
    const settled = await Promise.race([
      pending.then(() => "settled"),
      new Promise((resolve) => setImmediate(resolve, "later")),
    ]);
    const error = await pending;

    expect(settled).toBe("settled");
    expect(error.cause).toBe(reason);
    expect([error.connectionId, error.jobId]).toEqual([seeded.complete, "j1"]);
    expect(error.message).toBe(
      `The request was aborted (while waiting for the run j1 of connection ${seeded.complete})`,
    );
    // The server hears the client close the connection when it does.
    await vi.waitFor(() => expect(server.requests.map((r) => r.aborted)).toEqual([true]), {
      timeout: 10_000,
    });
  });

  test("at once when its signal aborts during the sleep between two polls, with the jobId of the run it started", async () => {
    const server = await startMockApi({ runDurationMs: 600_000 });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const controller = new AbortController();

    const error = await rejectsWith(
      prep.refreshAndWait(
        seeded.complete,
        {},
        {
          signal: controller.signal,
          pollIntervalMs: 60_000,
          onProgress: () => setImmediate(() => controller.abort()),
        },
      ),
      PrepAbortError,
    );

    expect(error.name).toBe("PrepAbortError");
    expect(server.requests.map((r) => r.method)).toEqual(["POST"]);
    const [post] = server.requests;
    expect(error.jobId).toMatch(/^\S+$/);
    expect(post?.path).toBe(`/api/v1/connections/${seeded.complete}/refresh`);
    expect(error.connectionId).toBe(seeded.complete);
  });

  test("before any request with a signal already aborted", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(
      prep.refreshAndWait(seeded.complete, {}, { signal: AbortSignal.abort() }),
      PrepAbortError,
    );

    // No run was started, so none is named.
    expect(error.message).toBe("The request was aborted");
    expect(error.connectionId).toBeUndefined();
    expect(server.requests).toHaveLength(0);
  });

  test("with its signal left as it was: no listener stays on it", async () => {
    const server = await scriptedServer([["complete", "complete"]]);
    const prep = createPrepClient({ baseUrl: server.url, token });
    const { signal } = new AbortController();

    await prep.waitForRefresh("c1", { jobId: "j1", signal });

    expect(getEventListeners(signal, "abort")).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  test.each([
    ["aborted", "controller.abort()", "PrepAbortError"],
    ["at its deadline", "", "PrepWaitTimeoutError"],
  ])("%s, it leaves no timer behind: the process exits", async (_, abort, name) => {
    const server = await startMockApi({ runDurationMs: 600_000 });
    // A long sleep between polls, and the default deadline of 10 minutes unless told.
    const child = runScript(
      `const client = prep.createPrepClient({ baseUrl: args[0], token: args[1] });
      const controller = new AbortController();
      await client.refreshAndWait(args[2], {}, {
        pollIntervalMs: 600_000,
        signal: controller.signal,
        ${abort ? "" : "deadlineMs: 500,"}
        onProgress: () => { ${abort} },
      }).catch((error) => console.log(error.name));`,
      [server.url, token, seeded.complete],
    );

    expect(await child.exitsWithin(10_000)).toBe(true);
    expect(child.output().trim()).toBe(name);
  });
});

describe("refreshAndWait", () => {
  test("starts the run, then follows it by its jobId, with the body's workspaceId", async () => {
    const server = await startMockApi({ runDurationMs: 50 });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const seen: ConnectionRun[] = [];

    const run = await prep.refreshAndWait(
      seeded.complete,
      { workspaceId, usePreviousSourceParameters: true },
      { pollIntervalMs: 10, onProgress: (run) => seen.push(run) },
    );

    expect(sides([run])).toEqual(["complete/complete"]);
    expect(sides(seen.slice(0, 1))).toEqual(["not_started/not_started"]);
    const [post, ...polls] = server.requests;
    expect([post?.method, post?.body]).toEqual([
      "POST",
      { workspaceId, usePreviousSourceParameters: true },
    ]);
    for (const poll of polls) expect(poll.query).toEqual({ jobId: run.jobId, workspaceId });
  });

  test("a run the API answers already finished is not polled", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 200, runBody("not_started", "not_started", { error: "The source is gone" })),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.refreshAndWait("c1"), PrepRunError);

    expect(error.message).toBe("The run j1 of connection c1 ended in error: The source is gone");
    expect(server.requests).toHaveLength(1);
  });

  test("a run the API answers without a jobId is a PrepError: it is never followed as the latest", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 200, { body: { sourceStatus: "not_started" }, code: 200 }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.refreshAndWait("c1"), PrepError);

    expect(error.message).toBe("The API started a run without a jobId to follow");
    expect(server.requests).toHaveLength(1);
  });

  test("a run refused is the error of the refusal, not polled", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    await rejectsWith(prep.refreshAndWait("980a9877d6c01f7519880cbffe701bad"), LockedError);

    expect(server.requests).toHaveLength(1);
  });
});

describe("a wait that fails once the run or batch has started", () => {
  test.each([
    [
      "refreshAndWait",
      (prep: PrepClient) => prep.refreshAndWait("c1", {}, { deadlineMs: 500 }),
      "Waiting for the run (its start not confirmed) of connection c1 timed out after 500 ms; no status seen yet",
    ],
    [
      "refreshBatchAndWait",
      (prep: PrepClient) => prep.refreshBatchAndWait([{ connectionId: "c1" }], { deadlineMs: 500 }),
      "Waiting for the batch (its start not confirmed) timed out after 500 ms; no status seen yet",
    ],
  ])(
    "%s at its deadline during the POST does not say the run never started",
    async (_, call, message) => {
      // The POST may have reached the server and started a run whose answer never came.
      const server = await startTestServer(() => {});
      const prep = createPrepClient({ baseUrl: server.url, token });

      const error = await rejectsWith(call(prep), PrepWaitTimeoutError);

      expect(error.message).toBe(message);
      expect([error.jobId, error.batchId, error.lastRun]).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect(server.requests.map((r) => r.method)).toEqual(["POST"]);
    },
  );

  test("a status request that fails after the start carries the run's jobId and names it", async () => {
    const server = await startTestServer((request, res) => {
      if (request.method === "POST") return reply(res, 200, runBody("not_started", "not_started"));
      reply(res, 404, { body: "No such run", code: 404 });
    });
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });
    const heard: (string | undefined)[] = [];

    const error = await rejectsWith(
      prep.refreshAndWait(
        "c1",
        {},
        { pollIntervalMs: 1, onProgress: (run) => heard.push(run.jobId) },
      ),
      NotFoundError,
    );

    expect(error.message).toBe("404 No such run (while waiting for the run j1 of connection c1)");
    expect(error.stack?.split("\n")[0]).toBe(`NotFoundError: ${error.message}`);
    expect([error.status, error.connectionId, error.jobId]).toEqual([404, "c1", "j1"]);
    // onProgress heard the started run before any status request: code can keep its jobId.
    expect(heard).toEqual(["j1"]);
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "GET"]);
  });

  test("polls that fail on the network until the deadline end it with the batch's ID", async () => {
    const server = await startTestServer((request, res) => {
      if (request.method !== "POST") return res.socket?.destroy();
      reply(res, 200, {
        body: {
          batchRefreshId: "b1",
          sourceStatus: "not_started",
          destinationStatus: "not_started",
        },
        code: 200,
      });
    });
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = await rejectsWith(
      prep.refreshBatchAndWait([{ connectionId: "c1" }], { pollIntervalMs: 50, deadlineMs: 500 }),
      PrepWaitTimeoutError,
    );

    expect(error.batchId).toBe("b1");
    expect(error.lastRun).toMatchObject({ batchRefreshId: "b1", sourceStatus: "not_started" });
    expect(error.message).toBe(
      "Waiting for the batch b1 timed out after 500 ms; last status: source not_started, destination not_started",
    );
    // However many polls fit before the deadline, each failed and was followed by another.
    const methods = server.requests.map((r) => r.method);
    expect(methods[0]).toBe("POST");
    expect(methods.slice(1).length).toBeGreaterThan(1);
    expect(new Set(methods.slice(1))).toEqual(new Set(["GET"]));
  });
});

describe("waitForBatch and refreshBatchAndWait", () => {
  test("resolve with the finished batch when every run completes", async () => {
    const server = await startMockApi({ runDurationMs: 50 });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const items = [{ connectionId: q4.complete }, { connectionId: q4.alsoComplete }];
    const seen: RefreshBatch[] = [];

    const batch = await prep.refreshBatch(items);
    const finished = await prep.waitForBatch(batch.batchRefreshId ?? "", {
      pollIntervalMs: 10,
      onProgress: (b) => seen.push(b),
    });
    const again = await prep.refreshBatchAndWait(items, { pollIntervalMs: 10 });

    for (const done of [finished, again]) {
      expect(sides([done, ...(done.childRefreshes ?? [])])).toEqual(
        Array(3).fill("complete/complete"),
      );
    }
    expect(seen.at(-1)).toEqual(finished);
    const polls = server.requests.filter((r) => r.method === "GET");
    expect(new Set(polls.map((r) => r.path))).toEqual(
      new Set([
        `/api/v1/connections/batch/refresh/${batch.batchRefreshId}`,
        `/api/v1/connections/batch/refresh/${again.batchRefreshId}`,
      ]),
    );
  });

  test("a batch that ends in error is a PrepBatchError with the batch, its ID and the runs that failed", async () => {
    const server = await startMockApi({ runDurationMs: 50 });
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(
      prep.refreshBatchAndWait([{ connectionId: q4.complete }, { connectionId: q4.sourceError }], {
        pollIntervalMs: 10,
      }),
      PrepBatchError,
    );

    const { batch } = error;
    expect(error.outcome).toBe("error");
    expect(error.batchId).toBe(batch.batchRefreshId);
    expect(error.failed.map((child) => child.connectionId)).toEqual([q4.sourceError]);
    expect(error.message).toMatch(new RegExp(`^The batch ${batch.batchRefreshId} ended in error`));
    expect(batch.childRefreshes?.map((child) => [child.connectionId, runOutcome(child)])).toEqual([
      [q4.complete, "complete"],
      [q4.sourceError, "error"],
    ]);
  });

  test("a child cancelled for its unwritable destination makes the batch cancelled", async () => {
    const server = await startMockApi({ runDurationMs: 50 });
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(
      prep.refreshBatchAndWait([{ connectionId: q4.complete }, { connectionId: q4.unwritable }], {
        cancelUnwritables: true,
        pollIntervalMs: 10,
      }),
      PrepBatchError,
    );

    expect(error.outcome).toBe("cancelled");
    expect(error.failed.map((child) => child.connectionId)).toEqual([q4.unwritable]);
    expect(server.requests[0]?.query).toEqual({ cancelUnwritables: "true" });
  });

  test("onProgress hears a child's change, the batch's own statuses unchanged", async () => {
    const child = (source: string) => ({
      jobId: "j1",
      sourceStatus: source,
      destinationStatus: "not_started",
    });
    const server = await startTestServer((_, res, i) => {
      const done = i >= 2;
      reply(res, 200, {
        body: {
          batchRefreshId: "b1",
          sourceStatus: done ? "complete" : "running",
          destinationStatus: done ? "complete" : "running",
          childRefreshes: [child(i === 0 ? "not_started" : "running")],
        },
        code: 200,
      });
    });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const seen: RefreshBatch[] = [];

    await prep.waitForBatch("b1", { pollIntervalMs: 1, onProgress: (b) => seen.push(b) });

    expect(seen.map((b) => b.childRefreshes?.[0]?.sourceStatus)).toEqual([
      "not_started",
      "running",
      "running",
    ]);
  });

  test("waitForBatch polls with the workspaceId, and a failure that cannot change names the batch", async () => {
    const server = await startTestServer((_, res, i) => {
      if (i > 0) return reply(res, 404, { body: "No such batch", code: 404 });
      reply(res, 200, {
        body: { batchRefreshId: "b1", sourceStatus: "running", destinationStatus: "running" },
        code: 200,
      });
    });
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = await rejectsWith(
      prep.waitForBatch("b1", { workspaceId, pollIntervalMs: 1 }),
      NotFoundError,
    );

    expect(error.message).toBe("404 No such batch (while waiting for the batch b1)");
    expect(error.batchId).toBe("b1");
    expect(server.requests.map((r) => r.url)).toEqual(
      Array(2).fill(`/api/v1/connections/batch/refresh/b1?workspaceId=${workspaceId}`),
    );
  });

  test("refreshBatchAndWait polls the batch it started with the workspaceId", async () => {
    const server = await startTestServer((request, res) => {
      const done = request.method === "GET";
      reply(res, 200, {
        body: {
          batchRefreshId: "b1",
          sourceStatus: done ? "complete" : "not_started",
          destinationStatus: done ? "complete" : "not_started",
        },
        code: 200,
      });
    });
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.refreshBatchAndWait([{ connectionId: "c1" }], { workspaceId, pollIntervalMs: 1 });

    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /api/v1/connections/batch/refresh",
      `GET /api/v1/connections/batch/refresh/b1?workspaceId=${workspaceId}`,
    ]);
  });

  test("a batch the API answers without a batchRefreshId is a PrepError, not polled", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 200, { body: { sourceStatus: "not_started" }, code: 200 }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.refreshBatchAndWait([{ connectionId: "c1" }]), PrepError);

    expect(error.message).toBe("The API started a batch without a batchRefreshId to follow");
    expect(server.requests).toHaveLength(1);
  });

  test("the deadline names the batch and how many of its runs finished", async () => {
    const server = await startMockApi({ runDurationMs: 600_000 });
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(
      prep.refreshBatchAndWait([{ connectionId: q4.complete }], {
        deadlineMs: 1000,
        pollIntervalMs: 10,
      }),
      PrepWaitTimeoutError,
    );

    expect(error.batchId).toMatch(/^\S+$/);
    expect(error.lastRun).toMatchObject({ batchRefreshId: error.batchId });

    expect(error.message).toMatch(
      /^Waiting for the batch \S+ timed out after 1000 ms; last status: source not_started, destination not_started, 0 of 1 runs finished$/,
    );
  });
});

describe("bad input to a wait fails before any request", () => {
  test.each([
    [
      "waitForRefresh without a jobId",
      (prep: PrepClient) => prep.waitForRefresh("c1", { jobId: undefined }),
      /^jobId must be the jobId of the run to wait for: a wait never follows the latest run/,
    ],
    [
      "waitForRefresh without options",
      (prep: PrepClient) => prep.waitForRefresh("c1", undefined as never),
      /^jobId must be the jobId/,
    ],
    [
      "waitForRefresh of the connection '..'",
      (prep: PrepClient) => prep.waitForRefresh("..", { jobId: "j1" }),
      /^connectionId must be a non-blank/,
    ],
    [
      "a deadline of 0",
      (prep: PrepClient) => prep.waitForRefresh("c1", { jobId: "j1", deadlineMs: 0 }),
      /^deadlineMs must be 1 to 2147483647, not 0$/,
    ],
    [
      "a deadline too long for a timer",
      (prep: PrepClient) => prep.waitForBatch("b1", { deadlineMs: 2 ** 31 }),
      /^deadlineMs must be 1 to 2147483647/,
    ],
    [
      "a time limit of its requests of 0",
      (prep: PrepClient) => prep.refreshAndWait("c1", {}, { timeoutMs: 0 }),
      /^timeoutMs must be 1 to 2147483647, not 0$/,
    ],
    [
      "headers of its requests that are not valid",
      (prep: PrepClient) => prep.refreshAndWait("c1", {}, { headers: { "x-a": "b\nc" } }),
      /^headers\["x-a"\] is not a valid HTTP header$/,
    ],
    [
      "a negative poll interval",
      (prep: PrepClient) => prep.waitForBatch("b1", { pollIntervalMs: -1 }),
      /^pollIntervalMs must be 1 to 2147483647, not -1$/,
    ],
    [
      "an onProgress that is not a function",
      (prep: PrepClient) => prep.waitForBatch("b1", { onProgress: "log" as never }),
      /^onProgress must be a function$/,
    ],
    [
      "a fractional maxRetries",
      (prep: PrepClient) => prep.waitForBatch("b1", { maxRetries: 0.5 }),
      /^maxRetries must be a whole number >= 0, not 0.5$/,
    ],
    [
      "waitForRefresh with a time limit of its requests of 0",
      (prep: PrepClient) => prep.waitForRefresh("c1", { jobId: "j1", timeoutMs: 0 }),
      /^timeoutMs must be 1 to 2147483647, not 0$/,
    ],
    [
      "refreshAndWait with a body naming another connection",
      (prep: PrepClient) => prep.refreshAndWait("c1", { connectionId: "c2" }),
      /^body\.connectionId must be the connectionId of the path/,
    ],
    [
      "refreshAndWait with a workspaceId for its polls over 40 characters",
      (prep: PrepClient) => prep.refreshAndWait("c1", {}, { workspaceId: "w".repeat(41) }),
      /^workspaceId must be a non-blank, well-formed string of at most 40 characters$/,
    ],
    [
      "refreshBatchAndWait with a blank workspaceId",
      (prep: PrepClient) => prep.refreshBatchAndWait([{ connectionId: "a" }], { workspaceId: " " }),
      /^workspaceId must be a non-blank/,
    ],
    [
      "refreshBatchAndWait with a poll interval of 0",
      (prep: PrepClient) =>
        prep.refreshBatchAndWait([{ connectionId: "a" }], { pollIntervalMs: 0 }),
      /^pollIntervalMs must be 1 to 2147483647, not 0$/,
    ],
    [
      "refreshAndWait with a negative maxRetries",
      (prep: PrepClient) => prep.refreshAndWait("c1", {}, { maxRetries: -1 }),
      /^maxRetries must be a whole number >= 0, not -1$/,
    ],
    [
      "refreshBatchAndWait of no item",
      (prep: PrepClient) => prep.refreshBatchAndWait([]),
      /^items must be an array of 1 to 100 items, not 0 items$/,
    ],
    [
      "refreshBatchAndWait with an item without connectionId",
      (prep: PrepClient) => prep.refreshBatchAndWait([{ connectionId: "a" }, {}]),
      /^items\[1\]\.connectionId must be/,
    ],
  ])("%s", async (_, call, message) => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(() => call(prep), PrepError);

    expect(error.message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });
});
