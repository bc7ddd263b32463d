import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { runInNewContext } from "node:vm";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import type { RefreshBatch } from "@wdata-prep/core";
import { describe, expect, test } from "vitest";
import { renderings, token } from "../test/fixtures.ts";
import { reply, startTestServer } from "../test/startTestServer.ts";
import { createPrepClient } from "./client.ts";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  inWait,
  isPrepError,
  LockedError,
  NotFoundError,
  PermissionDeniedError,
  PrepAbortError,
  PrepApiError,
  PrepBatchError,
  PrepConnectionError,
  PrepConnectionTimeoutError,
  PrepError,
  PrepRunError,
  PrepWaitTimeoutError,
  RateLimitError,
  readRetryAfter,
} from "./errors.ts";

const apiErrors = {
  PrepApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  LockedError,
  RateLimitError,
  InternalServerError,
};

const dist = new URL("../dist/index.cjs", import.meta.url);

/** Loads the built CommonJS bundle: another copy of the package. */
function loadBundle(run: (code: string, require: NodeJS.Require) => unknown) {
  let code: string;
  try {
    code = readFileSync(dist, "utf8");
  } catch {
    throw new Error("dist/index.cjs is missing: run `pnpm run build` before the tests");
  }
  return run(code, createRequire(dist));
}

describe("isPrepError", () => {
  test("is true for every error of the package", () => {
    const errors = [
      new PrepError("bad input"),
      new PrepConnectionError(new TypeError("fetch failed")),
      new PrepConnectionTimeoutError(100),
      new PrepAbortError(),
      new PrepRunError({ jobId: "j1" }, "error", { connectionId: "c1", jobId: "j1" }),
      new PrepBatchError({ batchRefreshId: "b1" }, "cancelled", "b1"),
      new PrepWaitTimeoutError(1000, undefined, { batchId: "b1" }),
      ...Object.values(apiErrors).map((ErrorClass) => new ErrorClass(500, "")),
    ];
    for (const error of errors) expect(isPrepError(error)).toBe(true);
  });

  test("is false for anything else", () => {
    for (const value of [
      new Error("x"),
      new TypeError("x"),
      { name: "PrepError" },
      null,
      undefined,
      "PrepError",
    ]) {
      expect(isPrepError(value)).toBe(false);
    }
  });

  test("each class keeps its name, also as the start of toString()", () => {
    for (const [name, ErrorClass] of Object.entries(apiErrors)) {
      const error = new ErrorClass(404, { body: "gone", code: 404 });
      expect(error.name).toBe(name);
      expect(String(error)).toBe(`${name}: 404 gone`);
      expect(error.stack?.startsWith(`${name}: 404 gone`)).toBe(true);
    }
    expect(new PrepConnectionTimeoutError(5).name).toBe("PrepConnectionTimeoutError");
  });

  test("recognises errors from another bundle of the package", () => {
    const other = loadBundle((code, require) => {
      const module = { exports: {} as Record<string, new (...args: unknown[]) => Error> };
      new Function("module", "exports", "require", code)(module, module.exports, require);
      return module.exports;
    }) as Record<string, new (...args: unknown[]) => Error>;
    const error = new (other.NotFoundError as typeof NotFoundError)(404, {
      body: "gone",
      code: 404,
    });

    expect(error).not.toBeInstanceOf(PrepError);
    expect(isPrepError(error)).toBe(true);
    expect(error.name).toBe("NotFoundError");
  });

  test("recognises errors from another realm", () => {
    const error = loadBundle((code, require) => {
      const module = { exports: {} };
      const sandbox = { module, exports: module.exports, require, Headers };
      const construct =
        'new module.exports.RateLimitError(429, "", new Headers({ "retry-after": "2" }))';
      return runInNewContext(`${code};\n${construct}`, sandbox);
    }) as RateLimitError;

    expect(error).not.toBeInstanceOf(Error);
    expect(isPrepError(error)).toBe(true);
    expect(error.name).toBe("RateLimitError");
    expect(error.retryAfterMs).toBe(2000);
  });
});

describe("PrepRunError", () => {
  test("carries the finished run, how it ended and its IDs, its message naming it and its error", () => {
    const run = {
      jobId: "j1",
      connectionId: "c1",
      sourceStatus: "error",
      destinationStatus: "not_started",
      error: "The query failed",
    } as const;

    const error = new PrepRunError(run, "error", { connectionId: "c1", jobId: "j1" });

    expect(error).toBeInstanceOf(PrepError);
    expect([error.name, error.run, error.outcome]).toEqual(["PrepRunError", run, "error"]);
    expect([error.connectionId, error.jobId, error.batchId]).toEqual(["c1", "j1", undefined]);
    expect(error.message).toBe("The run j1 of connection c1 ended in error: The query failed");
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      run,
      outcome: "error",
      connectionId: "c1",
      jobId: "j1",
    });
  });
});

describe("PrepBatchError", () => {
  test("carries the finished batch, its ID and the runs that did not complete", () => {
    const done = { jobId: "j1", sourceStatus: "complete", destinationStatus: "complete" } as const;
    const failed = {
      jobId: "j2",
      sourceStatus: "error",
      destinationStatus: "not_started",
    } as const;
    const cancelled = {
      jobId: "j3",
      sourceStatus: "cancelled",
      destinationStatus: "cancelled",
    } as const;
    const batch: RefreshBatch = {
      batchRefreshId: "b1",
      sourceStatus: "error",
      destinationStatus: "error",
      error: "2 of 3 runs failed",
      childRefreshes: [done, failed, cancelled],
    };

    const error = new PrepBatchError(batch, "error", "b1");

    expect(error).toBeInstanceOf(PrepError);
    expect(error).not.toBeInstanceOf(PrepRunError);
    expect([error.name, error.batch, error.outcome, error.batchId]).toEqual([
      "PrepBatchError",
      batch,
      "error",
      "b1",
    ]);
    expect(error.failed).toEqual([failed, cancelled]);
    expect(error.message).toBe("The batch b1 ended in error: 2 of 3 runs failed");
  });

  test("of a batch without an error, names only how it ended", () => {
    const batch: RefreshBatch = { sourceStatus: "cancelled", destinationStatus: "cancelled" };

    const error = new PrepBatchError(batch, "cancelled", "b2");

    expect(error.message).toBe("The batch b2 ended in cancelled");
    expect(error.failed).toEqual([]);
  });
});

describe("PrepWaitTimeoutError", () => {
  test("is a PrepError but not a PrepConnectionError: a deadline is no network failure", () => {
    const lastRun = {
      jobId: "j1",
      sourceStatus: "running",
      destinationStatus: "not_started",
    } as const;

    const error = new PrepWaitTimeoutError(1000, lastRun, { connectionId: "c1", jobId: "j1" });

    expect(error).toBeInstanceOf(PrepError);
    expect(error).not.toBeInstanceOf(PrepConnectionError);
    expect(error).not.toBeInstanceOf(PrepConnectionTimeoutError);
    expect([error.name, error.deadlineMs, error.lastRun, error.connectionId, error.jobId]).toEqual([
      "PrepWaitTimeoutError",
      1000,
      lastRun,
      "c1",
      "j1",
    ]);
    expect(error.message).toBe(
      "Waiting for the run j1 of connection c1 timed out after 1000 ms; last status: source running, destination not_started",
    );
  });

  test("before any status, and before the start of a batch was confirmed", () => {
    const error = new PrepWaitTimeoutError(500, undefined, {});

    expect([error.lastRun, error.batchId, error.jobId]).toEqual([undefined, undefined, undefined]);
    expect(error.message).toBe(
      "Waiting for the batch (its start not confirmed) timed out after 500 ms; no status seen yet",
    );
  });
});

describe("PrepConnectionTimeoutError", () => {
  test("is the time limit of an attempt, which it carries", () => {
    const error = new PrepConnectionTimeoutError(250);

    expect(error).toBeInstanceOf(PrepConnectionError);
    expect([error.name, error.timeoutMs, error.message]).toEqual([
      "PrepConnectionTimeoutError",
      250,
      "The request timed out after 250 ms",
    ]);
  });
});

describe("inWait", () => {
  test("gives a copy of the error the IDs of the wait, and a message and a stack naming it", () => {
    const original = new NotFoundError(404, { body: "No such run", code: 404 }, new Headers());
    // A stack written out already, as by a logger, keeps the first message.
    expect(original.stack?.split("\n")[0]).toBe("NotFoundError: 404 No such run");

    const error = inWait(original, { connectionId: "c1", jobId: "j1" }) as NotFoundError;

    expect(error).toBeInstanceOf(NotFoundError);
    expect(isPrepError(error)).toBe(true);
    expect([error.status, error.connectionId, error.jobId]).toEqual([404, "c1", "j1"]);
    expect(error.message).toBe("404 No such run (while waiting for the run j1 of connection c1)");
    expect(error.stack?.split("\n")[0]).toBe(`NotFoundError: ${error.message}`);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ status: 404, jobId: "j1" });
    // The error another wait, or another caller, may hold is left as it was.
    expect([original.message, original.jobId]).toEqual(["404 No such run", undefined]);
  });

  test("leaves anything but a PrepError as it is", () => {
    const error = new TypeError("not ours");

    expect(inWait(error, { batchId: "b1" })).toBe(error);
  });
});

describe("readRetryAfter", () => {
  const now = Date.parse("2026-11-27T12:00:00Z");
  const read = (headers: Record<string, string>) => readRetryAfter(new Headers(headers), now);

  test("is undefined without a header", () => {
    expect(read({})).toBeUndefined();
  });

  test("reads Retry-After in seconds", () => {
    expect(read({ "retry-after": "7" })).toBe(7000);
    expect(read({ "retry-after": "0" })).toBe(0);
  });

  test("reads Retry-After as an HTTP date; a past date means now", () => {
    expect(read({ "retry-after": "Fri, 27 Nov 2026 12:00:30 GMT" })).toBe(30_000);
    expect(read({ "retry-after": "Fri, 27 Nov 2026 11:00:00 GMT" })).toBe(0);
  });

  test("prefers retry-after-ms, which may be fractional", () => {
    expect(read({ "retry-after-ms": "250.5", "retry-after": "7" })).toBe(250.5);
  });

  test("is undefined for a value it cannot read", () => {
    expect(read({ "retry-after": "later" })).toBeUndefined();
    expect(read({ "retry-after-ms": "soon" })).toBeUndefined();
  });

  test.each(["1.5", "2s", "-1", "1 2", "0x10"])(
    "is undefined for a Retry-After of %j, which is neither whole seconds nor an HTTP date",
    (value) => {
      expect(read({ "retry-after": value })).toBeUndefined();
    },
  );

  test("reads whitespace around a value as no part of it, as HTTP does", () => {
    expect(read({ "retry-after": " 2 " })).toBe(2000);
  });
});

describe("PrepApiError", () => {
  test("made with a body that is not an object has no code or details, and says what the body is", () => {
    for (const [body, described] of [
      [null, "null"],
      [42, "42"],
    ] as const) {
      const error = new PrepApiError(500, body);

      expect([error.code, error.details, error.body]).toEqual([undefined, undefined, body]);
      expect(error.message).toBe(`500 ${described}`);
    }
  });
});

describe("an error response", () => {
  const requestId = "req-7f3a9c";

  test.each([
    [400, "BadRequestError", BadRequestError],
    [401, "AuthenticationError", AuthenticationError],
    [403, "PermissionDeniedError", PermissionDeniedError],
    [404, "NotFoundError", NotFoundError],
    [409, "ConflictError", ConflictError],
    [423, "LockedError", LockedError],
    [429, "RateLimitError", RateLimitError],
    [500, "InternalServerError", InternalServerError],
    [503, "InternalServerError", InternalServerError],
    [418, "PrepApiError", PrepApiError],
  ])("with status %i becomes a %s carrying the error body", async (status, name, ErrorClass) => {
    const body = {
      body: `Status ${status} from the server`,
      code: status,
      details: [{ code: "E1", message: "detail", target: "connectionId" }],
    };
    const server = await startTestServer((_, res) =>
      reply(res, status, body, { "x-request-id": requestId }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = await rejectsWith(prep.getConnection("c1"), ErrorClass);

    expect(error).toBeInstanceOf(PrepApiError);
    expect(error).toBeInstanceOf(PrepError);
    expect(isPrepError(error)).toBe(true);
    expect(error.name).toBe(name);
    expect(error.status).toBe(status);
    expect(error.code).toBe(status);
    expect(error.details).toEqual(body.details);
    expect(error.body).toEqual(body);
    expect(error.requestId).toBe(requestId);
    expect(error.headers.get("x-request-id")).toBe(requestId);
    expect(error.message).toBe(`${status} Status ${status} from the server`);
    expect(error.headers.has("authorization")).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  test("with several messages joins them", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 400, { body: ["workspaceId is invalid", "limit is too big"], code: 400 }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.getConnection("c1"), BadRequestError);

    expect(error.message).toBe("400 workspaceId is invalid; limit is too big");
  });

  test("with a body that is not JSON keeps it as text and describes it", async () => {
    const html = "<html><body>Bad gateway</body></html>";
    const server = await startTestServer((_, res) =>
      reply(res, 502, html, { "content-type": "text/html" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = await rejectsWith(prep.getConnection("c1"), InternalServerError);

    expect(error.body).toBe(html);
    expect(error.code).toBeUndefined();
    expect(error.requestId).toBeUndefined();
    expect(error.message).toBe(`502 text/html, starting ${JSON.stringify(html)}`);
  });

  test("with a long body that is not JSON, and no content type, quotes its first 80 characters", async () => {
    const text = `Service unavailable: ${"retry later; ".repeat(10)}`;
    const server = await startTestServer((_, res) => reply(res, 502, text));
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = await rejectsWith(prep.getConnection("c1"), InternalServerError);

    expect(error.body).toBe(text);
    expect(error.message).toBe(
      `502 no content type, starting ${JSON.stringify(text.slice(0, 80))}`,
    );
  });

  test("of a redirect without a Location says it was not followed", async () => {
    const server = await startTestServer((_, res) => reply(res, 303, ""));
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = await rejectsWith(prep.getConnection("c1"), PrepApiError);

    expect(error.status).toBe(303);
    expect(error.message).toBe("303 redirect to somewhere, not followed");
    expect(server.requests).toHaveLength(1);
  });

  test("with a JSON body that has no message quotes its first 200 characters", async () => {
    const body = { error: "upstream", trace: "x".repeat(300) };
    const server = await startTestServer((_, res) => reply(res, 422, body));
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = await rejectsWith(prep.getConnection("c1"), PrepApiError);

    expect(error.body).toEqual(body);
    expect(error.message).toBe(`422 ${JSON.stringify(body).slice(0, 200)}`);
  });

  test("of 429 without Retry-After has no retryAfterMs", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 429, { body: "slow down", code: 429 }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = await rejectsWith(prep.getConnection("c1"), RateLimitError);

    expect(error.retryAfterMs).toBeUndefined();
  });
});

describe("secrets", () => {
  test("the token never appears in an error, and an echoed Authorization header is redacted", async () => {
    const server = await startTestServer((request, res) =>
      reply(
        res,
        401,
        { body: "Invalid token", code: 401 },
        { authorization: `${request.headers.authorization}` },
      ),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.getConnection("c1"), AuthenticationError);

    expect(error.headers.get("authorization")).toBe("[redacted]");
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "AuthenticationError",
      message: "401 Invalid token",
      status: 401,
      code: 401,
      body: { body: "Invalid token", code: 401 },
      headers: expect.objectContaining({ authorization: "[redacted]" }),
    });
    for (const text of renderings(error)) expect(text).not.toContain(token);
  });

  test("an echoed Authorization header is redacted even when it is not the client's own credential", async () => {
    // Behind a proxy that takes its own credential, the client sends no token of its own: the
    // header is the caller's, which the client cannot know as a secret.
    const credential = "Basic cHJveHktdXNlcjpwcm94eS1wYXNz";
    const server = await startTestServer((request, res) =>
      reply(
        res,
        403,
        { body: "Forbidden", code: 403 },
        { authorization: `${request.headers.authorization}`, "x-request-id": "req-1" },
      ),
    );
    const prep = createPrepClient({ baseUrl: server.url, headers: { authorization: credential } });

    const error = await rejectsWith(prep.getConnection("c1"), PermissionDeniedError);

    expect(server.requests[0]?.headers.authorization).toBe(credential);
    expect(error.headers.get("authorization")).toBe("[redacted]");
    expect(error.headers.get("x-request-id")).toBe("req-1");
    for (const text of renderings(error)) expect(text).not.toContain(credential);
  });

  test("network, timeout and abort errors do not carry the token", async () => {
    const dropping = await startTestServer((_, res) => res.socket?.destroy());
    const silent = await startTestServer(() => {});
    const errors = await Promise.all([
      rejectsWith(
        createPrepClient({ baseUrl: dropping.url, token, maxRetries: 0 }).getConnection("c1"),
        PrepConnectionError,
      ),
      rejectsWith(
        createPrepClient({
          baseUrl: silent.url,
          token,
          maxRetries: 0,
          timeoutMs: 50,
        }).getConnection("c1"),
        PrepConnectionTimeoutError,
      ),
      rejectsWith(
        createPrepClient({ baseUrl: silent.url, token }).getConnection("c1", {
          signal: AbortSignal.abort(),
        }),
        PrepAbortError,
      ),
    ]);

    for (const error of errors)
      for (const text of renderings(error)) expect(text).not.toContain(token);
  });
});
