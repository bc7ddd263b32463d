import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import { describe, expect, onTestFinished, test, vi } from "vitest";
import { envelope, token } from "../test/fixtures.ts";
import { startMockApi } from "../test/mockApi.ts";
import { reply, startTestServer, type TestServer } from "../test/startTestServer.ts";
import { createPrepClient, type PrepClient } from "./client.ts";
import {
  ConflictError,
  InternalServerError,
  LockedError,
  NotFoundError,
  PrepApiError,
  PrepConnectionError,
  PrepConnectionTimeoutError,
  PrepError,
  RateLimitError,
} from "./errors.ts";

const path = "/api/v1/connections/";

describe("getConnection sends", () => {
  test.each([
    ["a/../b?c#d", "a%2F..%2Fb%3Fc%23d"],
    ["a b/é", "a%20b%2F%C3%A9"],
    ["$&{x}%2F", "%24%26%7Bx%7D%252F"],
    ["...", "..."],
  ])("the ID %j encoded as one path segment", async (connectionId, encoded) => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.getConnection(connectionId);

    expect(server.requests.map((r) => r.url)).toEqual([`${path}${encoded}`]);
  });

  test("?workspaceId= only when one is given, encoded", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.getConnection("c1", { workspaceId: "w&x=1#" });
    await prep.getConnection("c1", {});

    expect(server.requests.map((r) => r.url)).toEqual([
      `${path}c1?workspaceId=w%26x%3D1%23`,
      `${path}c1`,
    ]);
  });

  test("a workspaceId of exactly 40 characters", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.getConnection("c1", { workspaceId: "w".repeat(40) });

    expect(server.requests).toHaveLength(1);
  });
});

describe("bad input fails before any request", () => {
  test.each([
    ["an empty connectionId", "", {}, /connectionId must be a non-blank, well-formed string/],
    ["a blank connectionId", " \t", {}, /connectionId must be a non-blank, well-formed string/],
    ["a connectionId of '..'", "..", {}, /not "\." or "\.\."/],
    ["a connectionId of '.'", ".", {}, /not "\." or "\.\."/],
    ["a workspaceId over 40 characters", "c1", { workspaceId: "w".repeat(41) }, /at most 40/],
    ["an empty workspaceId", "c1", { workspaceId: "" }, /workspaceId must be a non-blank/],
    [
      "a lone surrogate in connectionId",
      "c\uD800",
      {},
      /connectionId must be a non-blank, well-formed string \(no lone surrogate\)/,
    ],
    [
      "a lone surrogate in workspaceId",
      "c1",
      { workspaceId: "w\uDC00" },
      /workspaceId must be a non-blank, well-formed string/,
    ],
    ["a connectionId that is a number", 42 as never, {}, /connectionId must be a non-blank/],
    ["a connectionId that is null", null as never, {}, /connectionId must be a non-blank/],
    ["no connectionId", undefined as never, {}, /connectionId must be a non-blank/],
    [
      "a connectionId that is an object",
      { id: "c1" } as never,
      {},
      /connectionId must be a non-blank/,
    ],
    [
      "a workspaceId that is a number",
      "c1",
      { workspaceId: 7 as never },
      /workspaceId must be a non-blank/,
    ],
    ["a zero timeoutMs", "c1", { timeoutMs: 0 }, /timeoutMs must be 1 to/],
    [
      "a timeoutMs of 2 ** 31",
      "c1",
      { timeoutMs: 2 ** 31 },
      /timeoutMs must be 1 to 2147483647, not 2147483648/,
    ],
    [
      "an infinite timeoutMs",
      "c1",
      { timeoutMs: Number.POSITIVE_INFINITY },
      /timeoutMs must be 1 to 2147483647, not Infinity/,
    ],
    [
      "a timeoutMs that is NaN",
      "c1",
      { timeoutMs: Number.NaN },
      /timeoutMs must be 1 to 2147483647, not NaN/,
    ],
    ["a fractional maxRetries", "c1", { maxRetries: 1.5 }, /maxRetries must be a whole number/],
  ])("%s", async (_, connectionId, options, message) => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.getConnection(connectionId, options), PrepError);

    expect(error.message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });

  test("a timeoutMs of 2 ** 31 - 1, the longest a timer takes, is accepted", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token, timeoutMs: 2 ** 31 - 1 });

    await expect(prep.getConnection("c1")).resolves.toEqual(envelope.body);
  });
});

describe("the options of a call", () => {
  test("override the client's maxRetries", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 503, "", { "retry-after-ms": "0" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    await expect(prep.getConnection("c1", { maxRetries: 3 })).rejects.toBeInstanceOf(
      InternalServerError,
    );

    expect(server.requests).toHaveLength(4);
  });

  test("override the client's timeoutMs", async () => {
    const server = await startTestServer(() => {});
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = await rejectsWith(
      prep.getConnection("c1", { timeoutMs: 50 }),
      PrepConnectionTimeoutError,
    );

    // The client's own limit is 60 s.
    expect(error.message).toBe("The request timed out after 50 ms");
  });
});

describe("the response", () => {
  test.each([
    [
      "an HTML login page",
      "<!doctype html><title>Sign in</title>",
      "text/html; charset=utf-8",
      /^200 response is not a connection envelope \(text\/html; charset=utf-8, starting "<!doctype html><title>Sign in/,
    ],
    [
      "an empty body",
      "",
      "application/json",
      /^200 response is not a connection envelope \(application\/json, empty body\)$/,
    ],
    [
      "JSON without the envelope",
      '{"connectionId":"c1"}',
      "application/json",
      /^200 response is not a connection envelope \(application\/json, starting "\{\\"connectionId/,
    ],
    [
      "a truncated JSON body",
      '{"body":{"conn',
      "application/json",
      /starting "\{\\"body\\":\{\\"conn"/,
    ],
  ])("a 2xx with %s is a PrepApiError, not a SyntaxError", async (_, text, type, message) => {
    const server = await startTestServer((_, res) =>
      reply(res, 200, text, { "content-type": type }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.getConnection("c1"), PrepApiError);

    expect(error.constructor).toBe(PrepApiError);
    expect(error.status).toBe(200);
    expect(error.message).toMatch(message);
    expect(server.requests).toHaveLength(1);
  });
});

describe("a response with Content-Length: 0", () => {
  test("a 200 is a PrepApiError saying the body is empty", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 200, "", { "content-type": "application/json", "content-length": "0" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.getConnection("c1"), PrepApiError);

    expect(error.message).toBe(
      "200 response is not a connection envelope (application/json, empty body)",
    );
  });

  test("a 404 is a NotFoundError whose body is empty", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 404, "", { "content-length": "0" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.getConnection("c1"), NotFoundError);

    expect(error.body).toBe("");
  });
});

describe("a 2xx that is not a connection envelope", () => {
  test.each([
    ["a string body", { body: "c1", code: 200 }],
    ["a number body", { body: 5, code: 200 }],
    ["a null body", { body: null, code: 200 }],
    ["an array body", { body: [envelope.body], code: 200 }],
    ["a JSON string", "c1"],
    ["a JSON number", 42],
  ])("with %s is a PrepApiError, not a connection", async (_, json) => {
    const server = await startTestServer((_, res) =>
      reply(res, 200, JSON.stringify(json), { "content-type": "application/json" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.getConnection("c1"), PrepApiError);

    expect(error.status).toBe(200);
    expect(error.message).toMatch(/^200 response is not a connection envelope/);
  });
});

describe("a redirect", () => {
  test.each([301, 302, 303, 307, 308])(
    "%i to another path of the same origin is a PrepApiError naming it, never followed with the token",
    async (status) => {
      const server = await startTestServer((request, res) =>
        request.url.startsWith(path)
          ? reply(res, status, "", { location: "/elsewhere/c1" })
          : reply(res, 200, envelope),
      );
      const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 2 });

      const error = await rejectsWith(prep.getConnection("c1"), PrepApiError);

      expect(error.status).toBe(status);
      expect(error.message).toBe(`${status} redirect to /elsewhere/c1, not followed`);
      expect(server.requests.map((r) => r.url)).toEqual([`${path}c1`]);
    },
  );

  test("is handed back as it is by the raw client, never followed", async () => {
    const server = await startTestServer((request, res) =>
      request.url.startsWith(path)
        ? reply(res, 302, "", { location: "/elsewhere/c1" })
        : reply(res, 200, envelope),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const { data, response } = await prep.raw.GET("/api/v1/connections/{connectionId}", {
      params: { path: { connectionId: "c1" } },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/elsewhere/c1");
    expect(server.requests).toHaveLength(1);
  });
});

/** Seeded connections of the embedded API, by how their runs end. */
const seeded = {
  completes: "0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e",
  unwritable: "980a9877d6c01f7519880cbffe701bad",
};
/** Three connections of the seeded Q4 close workbook: two complete, one cannot write. */
const q4 = {
  glBalances: "be437aa65fa1296bc4fabc5cfbb64275",
  accrued: "3acaa61226a1598bd67a8ff2d41071d3",
  fixedAssets: "787e66bf9a5f061ad0dc99574665ecf5",
};

describe("refreshConnection", () => {
  test("POSTs the body as JSON and resolves with the new run", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });
    const body = { sourceParameters: { fiscalPeriod: "2026-11" } };

    const run = await prep.refreshConnection(seeded.completes, body);

    expect(run).toMatchObject({
      connectionId: seeded.completes,
      jobId: expect.any(String),
      sourceStatus: "not_started",
      destinationStatus: "not_started",
      sourceParameters: body.sourceParameters,
    });
    const [request] = server.requests;
    expect([request?.method, request?.path, request?.body]).toEqual([
      "POST",
      `${path}${seeded.completes}/refresh`,
      body,
    ]);
    expect(request?.headers["content-type"]).toBe("application/json");
  });

  test("sends an empty object without a body, and the path's ID in the body when given", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.refreshConnection(seeded.completes);
    await prep.refreshConnection(q4.accrued, { connectionId: q4.accrued });

    expect(server.requests.map((r) => r.body)).toEqual([{}, { connectionId: q4.accrued }]);
  });

  test("a connection that cannot write is a LockedError with the API's reason", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.refreshConnection(seeded.unwritable), LockedError);

    expect(error.message).toMatch(/^423 .*The 10-K document is locked for filing\./);
  });

  test("a connection whose run is going is a ConflictError, sent once", async () => {
    const server = await startMockApi({ runDurationMs: 60_000 });
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.refreshConnection(seeded.completes);
    await rejectsWith(prep.refreshConnection(seeded.completes), ConflictError);

    expect(server.requests).toHaveLength(2);
  });
});

describe("getRefreshStatus", () => {
  test("gets the run by its jobId", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    const started = await prep.refreshConnection(seeded.completes);
    const run = await prep.getRefreshStatus(seeded.completes, { jobId: started.jobId });

    expect(run).toMatchObject({
      jobId: started.jobId,
      sourceStatus: "complete",
      destinationStatus: "complete",
    });
    const request = server.requests[1];
    expect([request?.method, request?.path, request?.query]).toEqual([
      "GET",
      `${path}${seeded.completes}/status`,
      { jobId: started.jobId },
    ]);
  });

  test("without a jobId gets the latest run; workspaceId goes in the query", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });
    const workspaceId = "7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b";

    const run = await prep.getRefreshStatus(seeded.completes, { workspaceId });

    expect(run.jobId).toBe("4e8c2a6f0b1d4c3e9a7f5b2d8c6e0a14");
    expect(server.requests[0]?.query).toEqual({ workspaceId });
  });

  test("an unknown jobId is a NotFoundError", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    await rejectsWith(prep.getRefreshStatus(seeded.completes, { jobId: "nope" }), NotFoundError);
  });
});

describe("refreshBatch and getRefreshBatchStatus", () => {
  test("POST the items as a JSON array and get the batch with a run per item", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });
    const items = [{ connectionId: q4.glBalances }, { connectionId: q4.accrued }];

    const batch = await prep.refreshBatch(items);
    const status = await prep.getRefreshBatchStatus(batch.batchRefreshId ?? "");

    expect(batch.childRefreshes?.map((run) => run.connectionId)).toEqual([
      q4.glBalances,
      q4.accrued,
    ]);
    expect(status).toMatchObject({
      batchRefreshId: batch.batchRefreshId,
      sourceStatus: "complete",
      destinationStatus: "complete",
    });
    expect(server.requests.map((r) => [r.method, r.path, r.body, r.query])).toEqual([
      ["POST", `${path}batch/refresh`, items, {}],
      ["GET", `${path}batch/refresh/${batch.batchRefreshId}`, undefined, {}],
    ]);
  });

  test("cancelUnwritables goes in the query: the child that cannot write is cancelled", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });
    const items = [{ connectionId: q4.glBalances }, { connectionId: q4.fixedAssets }];

    const batch = await prep.refreshBatch(items, { cancelUnwritables: true });

    expect(server.requests[0]?.query).toEqual({ cancelUnwritables: "true" });
    expect(batch.childRefreshes?.[1]).toMatchObject({
      connectionId: q4.fixedAssets,
      sourceStatus: "cancelled",
      destinationStatus: "cancelled",
    });
  });

  test("without it, a child that cannot write makes the batch a LockedError", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(
      prep.refreshBatch([{ connectionId: q4.glBalances }, { connectionId: q4.fixedAssets }]),
      LockedError,
    );

    expect(error.status).toBe(423);
    expect(server.requests).toHaveLength(1);
  });

  test("the status of a batch is asked again after a 502, as any GET", async () => {
    const server = await startTestServer((_, res, index) =>
      index === 0
        ? reply(res, 502, "", { "retry-after-ms": "0" })
        : reply(res, 200, { body: { batchRefreshId: "b1" }, code: 200 }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 1 });

    const batch = await prep.getRefreshBatchStatus("b1");

    expect(batch).toEqual({ batchRefreshId: "b1" });
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ["GET", `${path}batch/refresh/b1`],
      ["GET", `${path}batch/refresh/b1`],
    ]);
  });

  test("the status of an unknown batch is a NotFoundError; workspaceId goes in the query", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    await rejectsWith(prep.getRefreshBatchStatus("b/1", { workspaceId: "w1" }), NotFoundError);

    expect(server.requests.map((r) => [r.path, r.query])).toEqual([
      [`${path}batch/refresh/b%2F1`, { workspaceId: "w1" }],
    ]);
  });
});

describe("a 200 that is not the envelope of its operation", () => {
  test.each([
    ["refreshConnection", (prep: PrepClient) => prep.refreshConnection("c1"), "run"],
    ["getRefreshStatus", (prep: PrepClient) => prep.getRefreshStatus("c1"), "run"],
    ["refreshBatch", (prep: PrepClient) => prep.refreshBatch([{ connectionId: "c1" }]), "batch"],
    ["getRefreshBatchStatus", (prep: PrepClient) => prep.getRefreshBatchStatus("b1"), "batch"],
  ])("of %s is a PrepApiError naming what was due", async (_, call, what) => {
    const server = await startTestServer((_, res) => reply(res, 200, { body: [], code: 200 }));
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(call(prep), PrepApiError);

    expect(error.constructor).toBe(PrepApiError);
    expect(error.message).toBe(
      `200 response is not a ${what} envelope (application/json, starting "{\\"body\\":[],\\"code\\":200}")`,
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe("bad input to a run or a batch fails before any request", () => {
  const item = { connectionId: q4.glBalances };
  test.each([
    [
      "a refresh body naming another connection",
      (prep: PrepClient) => prep.refreshConnection("c1", { connectionId: "c2" }),
      /^body\.connectionId must be the connectionId of the path, or left out$/,
    ],
    [
      "a refresh body that is not an object",
      (prep: PrepClient) => prep.refreshConnection("c1", [] as never),
      /^body must be an object \(a RefreshConnection\), not an array$/,
    ],
    [
      "a refresh body with a workspaceId over 40 characters",
      (prep: PrepClient) => prep.refreshConnection("c1", { workspaceId: "w".repeat(41) }),
      /^body\.workspaceId must be a non-blank, well-formed string of at most 40/,
    ],
    [
      "a refresh of the connection '..'",
      (prep: PrepClient) => prep.refreshConnection(".."),
      /^connectionId must be a non-blank, well-formed string \(no lone surrogate\), not "\." or "\.\."$/,
    ],
    [
      "a status of an empty connectionId",
      (prep: PrepClient) => prep.getRefreshStatus(""),
      /^connectionId must be a non-blank/,
    ],
    [
      "a status with an empty jobId",
      (prep: PrepClient) => prep.getRefreshStatus("c1", { jobId: "" }),
      /^jobId must be a non-blank, well-formed string$/,
    ],
    [
      "a status with a workspaceId over 40 characters",
      (prep: PrepClient) => prep.getRefreshStatus("c1", { workspaceId: "w".repeat(41) }),
      /^workspaceId must be a non-blank, well-formed string of at most 40 characters$/,
    ],
    [
      "a batch of no item",
      (prep: PrepClient) => prep.refreshBatch([]),
      /^items must be an array of 1 to 100 items, not 0 items$/,
    ],
    [
      "a batch of 101 items",
      (prep: PrepClient) => prep.refreshBatch(Array(101).fill(item)),
      /^items must be an array of 1 to 100 items, not 101 items$/,
    ],
    [
      "a batch that is not an array",
      (prep: PrepClient) => prep.refreshBatch(item as never),
      /^items must be an array of 1 to 100 items, not an object$/,
    ],
    [
      "a batch item without connectionId",
      (prep: PrepClient) => prep.refreshBatch([item, { workspaceId: "w1" }]),
      /^items\[1\]\.connectionId must be a non-blank, well-formed string/,
    ],
    [
      "a batch item that is null",
      (prep: PrepClient) => prep.refreshBatch([item, item, null as never]),
      /^items\[2\] must be an object \(a RefreshConnection\), not null$/,
    ],
    [
      "a batch item with a workspaceId over 40 characters",
      (prep: PrepClient) => prep.refreshBatch([{ ...item, workspaceId: "w".repeat(41) }]),
      /^items\[0\]\.workspaceId must be a non-blank, well-formed string of at most 40/,
    ],
    [
      "a cancelUnwritables that is not a boolean",
      (prep: PrepClient) => prep.refreshBatch([item], { cancelUnwritables: "yes" as never }),
      /^cancelUnwritables must be true or false, not "yes"$/,
    ],
    [
      "a batch status of '.'",
      (prep: PrepClient) => prep.getRefreshBatchStatus("."),
      /^batchId must be a non-blank, well-formed string \(no lone surrogate\), not "\." or "\.\."$/,
    ],
    [
      "a refresh with a fractional maxRetries",
      (prep: PrepClient) => prep.refreshConnection("c1", {}, { maxRetries: 0.5 }),
      /^maxRetries must be a whole number >= 0, not 0\.5$/,
    ],
  ])("%s", async (_, call, message) => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(() => call(prep), PrepError);

    expect(error.constructor).toBe(PrepError);
    expect(error.message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });

  test("a batch of exactly 100 items is sent", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, { body: {}, code: 200 }));
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.refreshBatch(Array.from({ length: 100 }, (_, i) => ({ connectionId: `c${i}` })));

    expect(JSON.parse(server.requests[0]?.body ?? "")).toHaveLength(100);
  });
});

describe("a body JSON cannot carry", () => {
  const circular: Record<string, unknown> = { period: "2026-11" };
  circular.self = { back: circular };
  /** 100,000 objects, each in the one before: more than JSON.stringify can write. */
  const deep = Array.from({ length: 100_000 }).reduce<Record<string, unknown>>(
    (inner) => ({ a: inner }),
    {},
  );

  test.each([
    [
      "a bigint",
      { sourceParameters: { rows: 10n } },
      "body.sourceParameters.rows",
      "it is a bigint",
    ],
    [
      "a symbol",
      { sourceParameters: { period: Symbol("p") } },
      "body.sourceParameters.period",
      "it is a symbol",
    ],
    [
      "a function",
      { destinationParameters: { at: () => 1 } },
      "body.destinationParameters.at",
      "it is a function",
    ],
    [
      "NaN",
      { sourceParameters: { n: [1, Number.NaN] } },
      "body.sourceParameters.n[1]",
      "it is NaN",
    ],
    [
      "Infinity",
      { sourceParameters: { n: Number.POSITIVE_INFINITY } },
      "body.sourceParameters.n",
      "it is Infinity",
    ],
    [
      "an object that holds itself",
      { sourceParameters: circular },
      "body.sourceParameters.self.back",
      "it holds an object that holds it",
    ],
    [
      "an object nested 100,000 deep",
      { sourceParameters: deep },
      "body.sourceParameters.a.a.a",
      "it is nested too deep",
    ],
  ])(
    "(%s) is refused with a PrepError naming where, before any request",
    async (_, body, where, reason) => {
      const server = await startTestServer((_, res) => reply(res, 200, { body: {}, code: 200 }));
      const prep = createPrepClient({ baseUrl: server.url, token });

      const single = await rejectsWith(prep.refreshConnection("c1", body as never), PrepError);
      const batch = await rejectsWith(
        prep.refreshBatch([{ connectionId: "c1" }, { connectionId: "c2", ...body } as never]),
        PrepError,
      );
      const waited = await rejectsWith(prep.refreshAndWait("c1", body as never), PrepError);

      for (const [error, path] of [
        [single, where],
        [batch, where.replace(/^body/, "items[1]")],
        [waited, where],
      ] as const) {
        expect(error.constructor).toBe(PrepError);
        expect(error.message.startsWith(path)).toBe(true);
        expect(error.message.endsWith(` cannot be sent as JSON: ${reason}`)).toBe(true);
      }
      expect(server.requests).toHaveLength(0);
    },
  );

  test("a name of 200 characters is given whole, a longer one cut to its first 200", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, { body: {}, code: 200 }));
    const prep = createPrepClient({ baseUrl: server.url, token });
    // "body.sourceParameters." is 22 characters.
    const whole = { sourceParameters: { ["k".repeat(178)]: 1n } };
    const cut = { sourceParameters: { ["k".repeat(179)]: 1n } };

    const errors = [
      await rejectsWith(prep.refreshConnection("c1", whole as never), PrepError),
      await rejectsWith(prep.refreshConnection("c1", cut as never), PrepError),
      await rejectsWith(prep.refreshConnection("c1", { sourceParameters: deep }), PrepError),
    ];

    expect(errors.map((error) => error.message)).toEqual([
      `body.sourceParameters.${"k".repeat(178)} cannot be sent as JSON: it is a bigint`,
      `body.sourceParameters.${"k".repeat(178)}… cannot be sent as JSON: it is a bigint`,
      `${`body.sourceParameters${".a".repeat(100)}`.slice(0, 200)}… cannot be sent as JSON: it is nested too deep`,
    ]);
    expect(server.requests).toHaveLength(0);
  });

  test("the error JSON.stringify threw is the cause", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, { body: {}, code: 200 }));
    const prep = createPrepClient({ baseUrl: server.url, token });

    const looped = await rejectsWith(
      prep.refreshConnection("c1", { sourceParameters: circular }),
      PrepError,
    );
    const nested = await rejectsWith(
      prep.refreshConnection("c1", { sourceParameters: deep }),
      PrepError,
    );

    expect(looped.cause).toBeInstanceOf(TypeError);
    expect(nested.cause).toBeInstanceOf(RangeError);
    expect(server.requests).toHaveLength(0);
  });

  test("a Date is sent as JSON writes it, and undefined left out, as ever", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, { body: {}, code: 200 }));
    const prep = createPrepClient({ baseUrl: server.url, token });
    const at = new Date(Date.UTC(2026, 10, 20));

    await prep.refreshConnection("c1", { sourceParameters: { at, skipped: undefined } });

    expect(server.requests.map((r) => r.body)).toEqual([
      '{"sourceParameters":{"at":"2026-11-20T00:00:00.000Z"}}',
    ]);
    expect(server.requests[0]?.headers["content-type"]).toBe("application/json");
  });
});

/**
 * What `call` rejects with, its time limit of `timeoutMs` passed only once `server` holds its
 * request: the timers stand still until then, while the request travels in real time, so that
 * on a busy machine the limit cannot pass before the request arrives.
 */
async function timedOutOnceReceived(
  server: TestServer,
  timeoutMs: number,
  call: () => Promise<unknown>,
): Promise<PrepConnectionTimeoutError> {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  onTestFinished(() => {
    vi.useRealTimers();
  });
  const rejected = rejectsWith(call, PrepConnectionTimeoutError);
  await server.received(1);
  await vi.advanceTimersByTimeAsync(timeoutMs);
  return rejected;
}

/** A port on 127.0.0.1 with nothing listening: bound, noted, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("a POST is sent again only when it never reached the server", () => {
  const run = { body: { jobId: "j1", connectionId: "c1" }, code: 200 };
  const batch = { body: { batchRefreshId: "b1" }, code: 200 };
  const calls: [string, (prep: PrepClient) => Promise<unknown>][] = [
    ["refreshConnection", (prep) => prep.refreshConnection("c1")],
    ["refreshBatch", (prep) => prep.refreshBatch([{ connectionId: "c1" }])],
  ];

  test.each(calls)("%s: not after a 500", async (_, call) => {
    const server = await startTestServer((_, res) => reply(res, 500, { body: "boom", code: 500 }));
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 3 });

    await rejectsWith(() => call(prep), InternalServerError);

    expect(server.requests).toHaveLength(1);
  });

  test.each(calls)("%s: not after a 503 or a 429 without Retry-After", async (_, call) => {
    const server = await startTestServer((_, res, i) => reply(res, i === 0 ? 503 : 429, ""));
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 3 });

    await rejectsWith(() => call(prep), InternalServerError);
    await rejectsWith(() => call(prep), RateLimitError);

    expect(server.requests).toHaveLength(2);
  });

  test.each(calls)("%s: not after a 500 with Retry-After", async (_, call) => {
    const server = await startTestServer((_, res) => reply(res, 500, "", { "retry-after": "0" }));
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 3 });

    await rejectsWith(() => call(prep), InternalServerError);

    expect(server.requests).toHaveLength(1);
  });

  test.each(calls)("%s: not after a timeout", async (_, call) => {
    const server = await startTestServer(() => {});
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 3, timeoutMs: 400 });

    await timedOutOnceReceived(server, 400, () => call(prep));

    expect(server.requests).toHaveLength(1);
  });

  test.each(calls)("%s: not after the connection is lost mid-request", async (_, call) => {
    const server = await startTestServer((_, res) => res.socket?.destroy());
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 3 });

    const error = await rejectsWith(() => call(prep), PrepConnectionError);

    expect(error).not.toBeInstanceOf(PrepConnectionTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  test.each(calls)("%s: after a 429 and a 503 that say when to come back", async (name, call) => {
    const server = await startTestServer((_, res, i) =>
      i < 2
        ? reply(res, i === 0 ? 429 : 503, "", { "retry-after": "0" })
        : reply(res, 200, name === "refreshBatch" ? batch : run),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    await call(prep);

    expect(server.requests).toHaveLength(3);
    expect(new Set(server.requests.map((r) => r.body)).size).toBe(1);
  });

  test.each(calls)("%s: after a refused connection, once a server listens", async (name, call) => {
    const port = await closedPort();
    const attempts: string[] = [];
    let listening: Promise<TestServer> | undefined;
    const prep = createPrepClient({
      baseUrl: `http://127.0.0.1:${port}`,
      token,
      // The real fetch, which notes each attempt's outcome and, after the first, opens the port.
      fetch: async (request) => {
        try {
          const response = await fetch(request);
          attempts.push(`${response.status}`);
          return response;
        } catch (error) {
          attempts.push(((error as Error).cause as { code: string }).code);
          listening ??= startTestServer(
            (_, res) => reply(res, 200, name === "refreshBatch" ? batch : run),
            port,
          );
          await listening;
          throw error;
        }
      },
    });

    await call(prep);

    expect(attempts).toEqual(["ECONNREFUSED", "200"]);
    expect((await listening)?.requests).toHaveLength(1);
  });

  test("a refused connection is retried up to maxRetries, then a PrepConnectionError", async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}`;
    let attempts = 0;
    const prep = createPrepClient({
      baseUrl,
      token,
      maxRetries: 1,
      fetch: (request) => {
        attempts++;
        return fetch(request);
      },
    });

    const error = await rejectsWith(prep.refreshConnection("c1"), PrepConnectionError);

    expect(attempts).toBe(2);
    expect(error.message).toBe("Could not reach the server");
  });
});

describe("a POST that may have reached the server says so", () => {
  const refresh =
    "The refresh of connection c1 may have reached the API and started a run, whose jobId is not known";
  const refreshAdvice =
    'before refreshing it again, look for that run with getRefreshStatus("c1"), which gives the latest run of the connection';
  const batch =
    "The batch refresh of 2 connections may have reached the API and started a batch, whose batchRefreshId is not known";
  const batchAdvice =
    "before refreshing them again, look for their runs with getRefreshStatus of each connection, which gives its latest run";
  const calls: [string, (prep: PrepClient) => Promise<unknown>, string, string][] = [
    ["refreshConnection", (prep) => prep.refreshConnection("c1"), refresh, refreshAdvice],
    ["refreshAndWait", (prep) => prep.refreshAndWait("c1"), refresh, refreshAdvice],
    [
      "refreshBatch",
      (prep) => prep.refreshBatch([{ connectionId: "c1" }, { connectionId: "c2" }]),
      batch,
      batchAdvice,
    ],
    [
      "refreshBatchAndWait",
      (prep) => prep.refreshBatchAndWait([{ connectionId: "c1" }, { connectionId: "c2" }]),
      batch,
      batchAdvice,
    ],
  ];

  test.each(calls)(
    "%s: the connection lost once the request was sent",
    async (name, call, started, advice) => {
      const server = await startTestServer((_, res) => res.socket?.destroy());
      const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 3 });

      const error = await rejectsWith(() => call(prep), PrepConnectionError);

      expect(error).not.toBeInstanceOf(PrepConnectionTimeoutError);
      expect(error.message).toBe(`${started}: no answer came (the network failed); ${advice}`);
      expect(error.cause).toBeInstanceOf(Error);
      expect(error.connectionId).toBe(name.startsWith("refreshBatch") ? undefined : "c1");
      expect(error.jobId).toBeUndefined();
      expect(server.requests).toHaveLength(1);
    },
  );

  test.each(calls)(
    "%s: the time limit passed once the request was sent",
    async (_, call, started, advice) => {
      const server = await startTestServer(() => {});
      const prep = createPrepClient({ baseUrl: server.url, token, timeoutMs: 400 });

      const error = await timedOutOnceReceived(server, 400, () => call(prep));

      expect(error.message).toBe(`${started}: no answer came within 400 ms; ${advice}`);
      expect(error.timeoutMs).toBe(400);
      expect(server.requests).toHaveLength(1);
    },
  );

  test.each(calls)("%s: a connection refused, which nothing reached, says so", async (_, call) => {
    const prep = createPrepClient({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      token,
      maxRetries: 0,
    });

    const error = await rejectsWith(() => call(prep), PrepConnectionError);

    expect(error.message).toBe("Could not reach the server");
  });
});
