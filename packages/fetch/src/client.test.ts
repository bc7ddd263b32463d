import { describe, expect, test } from "vitest";
import { envelope } from "../test/fixtures.ts";
import { rejection } from "../test/rejection.ts";
import { reply, startTestServer } from "../test/startTestServer.ts";
import { createPrepClient } from "./client.ts";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  isPrepError,
  LockedError,
  NotFoundError,
  PermissionDeniedError,
  PrepAbortError,
  PrepApiError,
  PrepConnectionError,
  PrepError,
  PrepTimeoutError,
  RateLimitError,
} from "./errors.ts";

const token = "tok_live_4f9c2e7a1b3d5f6e8a0c";
const path = "/api/v1/connections/";

/** Every way an error can be shown or logged. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [e.message, String(e.stack), String(e), JSON.stringify(e), JSON.stringify(e.cause ?? "")];
}

describe("the request", () => {
  test("is a GET of the connection with Accept, Authorization and the extra headers", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token, headers: { "x-trace": "t1" } });

    await expect(prep.getConnection("c1")).resolves.toEqual(envelope.body);

    const [request] = server.requests;
    expect(request?.method).toBe("GET");
    expect(request?.url).toBe(`${path}c1`);
    expect(request?.headers.accept).toBe("application/json");
    expect(request?.headers.authorization).toBe(`Bearer ${token}`);
    expect(request?.headers["x-trace"]).toBe("t1");
  });

  test.each([
    ["a/../b?c#d", "a%2F..%2Fb%3Fc%23d"],
    ["a b/é", "a%20b%2F%C3%A9"],
    ["$&{x}%2F", "%24%26%7Bx%7D%252F"],
    ["...", "..."],
  ])("encodes the ID %j as one path segment", async (connectionId, encoded) => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.getConnection(connectionId);

    expect(server.requests.map((r) => r.url)).toEqual([`${path}${encoded}`]);
  });

  test("keeps the path of the base URL", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: `${server.url}/s/wdata/prep/`, token });

    await prep.getConnection("c1");

    expect(server.requests[0]?.url).toBe(`/s/wdata/prep${path}c1`);
  });

  test("adds ?workspaceId= only when one is given, encoded", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.getConnection("c1", { workspaceId: "w&x=1#" });
    await prep.getConnection("c1", {});

    expect(server.requests.map((r) => r.url)).toEqual([
      `${path}c1?workspaceId=w%26x%3D1%23`,
      `${path}c1`,
    ]);
  });

  test("calls a token function before every attempt", async () => {
    const server = await startTestServer((_, res, i) =>
      reply(res, i === 0 ? 503 : 200, envelope, { "retry-after-ms": "0" }),
    );
    let calls = 0;
    const prep = createPrepClient({ baseUrl: server.url, token: async () => `t${++calls}` });

    await prep.getConnection("c1");

    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
  });

  test("sends no Authorization header without a token, as behind a proxy that adds it", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url });

    await prep.getConnection("c1");

    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  test("sends through the fetch it is given", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const sent: string[] = [];
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      fetch: (request) => {
        sent.push(`${request.method} ${request.url}`);
        return fetch(request);
      },
    });

    await prep.getConnection("c1");

    expect(sent).toEqual([`GET ${server.url}${path}c1`]);
  });

  test("the raw client has the same base URL, token and retries", async () => {
    const server = await startTestServer((_, res, i) =>
      reply(res, i === 0 ? 503 : 200, envelope, { "retry-after-ms": "0" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const { data, response } = await prep.raw.GET("/api/v1/connections/{connectionId}", {
      params: { path: { connectionId: "c1" } },
    });

    expect(response.status).toBe(200);
    expect(data).toEqual(envelope);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers.authorization).toBe(`Bearer ${token}`);
  });
});

describe("bad input fails before any request", () => {
  test.each([
    ["an empty connectionId", "", {}, /connectionId must be a non-blank string/],
    ["a blank connectionId", " \t", {}, /connectionId must be a non-blank string/],
    ["a connectionId of '..'", "..", {}, /not "\." or "\.\."/],
    ["a connectionId of '.'", ".", {}, /not "\." or "\.\."/],
    ["a workspaceId over 40 characters", "c1", { workspaceId: "w".repeat(41) }, /at most 40/],
    ["an empty workspaceId", "c1", { workspaceId: "" }, /workspaceId must be a non-blank/],
    ["a zero timeoutMs", "c1", { timeoutMs: 0 }, /timeoutMs must be 1 to/],
    ["a fractional maxRetries", "c1", { maxRetries: 1.5 }, /maxRetries must be a whole number/],
  ])("%s", async (_, connectionId, options, message) => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejection(prep.getConnection(connectionId, options));

    expect(error).toBeInstanceOf(PrepError);
    expect((error as Error).message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });

  test("a workspaceId of exactly 40 characters is sent", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.getConnection("c1", { workspaceId: "w".repeat(40) });

    expect(server.requests).toHaveLength(1);
  });

  test.each([
    [
      "both token and clientCredentials",
      { token, clientCredentials: { clientId: "i", clientSecret: "s" } },
      /a token or clientCredentials, not both/,
    ],
    [
      "a base URL that is not http(s)",
      { baseUrl: "ftp://127.0.0.1/prep" },
      /baseUrl must be an http\(s\) URL/,
    ],
    ["a base URL that is not a URL", { baseUrl: "not a url" }, /baseUrl must be an http\(s\) URL/],
    [
      "a relative base URL outside a browser",
      { baseUrl: "/prep" },
      /baseUrl must be an http\(s\) URL/,
    ],
    [
      "a plain-http base URL that is not loopback",
      { baseUrl: "http://prep.example.com" },
      /baseUrl must use https:/,
    ],
    [
      "a base URL with a query",
      { baseUrl: "https://prep.example.com/?a=1" },
      /without credentials, query or fragment/,
    ],
    [
      "a base URL with credentials",
      { baseUrl: "https://u:p@prep.example.com" },
      /without credentials/,
    ],
    [
      "an unknown region",
      { region: "mars" as never },
      /region must be one of us,eu,apac, not "mars"/,
    ],
    ["a negative timeoutMs", { timeoutMs: -1 }, /timeoutMs must be 1 to 2147483647, not -1/],
    ["a timeoutMs that is not a number", { timeoutMs: "5" as never }, /timeoutMs must be/],
    ["a negative maxRetries", { maxRetries: -1 }, /maxRetries must be a whole number >= 0, not -1/],
    [
      "a token with a line break",
      { token: `${token}\n` },
      /token must be a string of visible ASCII/,
    ],
    ["an empty token", { token: "" }, /token must be a string of visible ASCII/],
    ["an invalid header", { headers: { "x-key": `${token}\nx-evil: 1` } }, /headers must be valid/],
    [
      "client credentials without a secret",
      { clientCredentials: { clientId: "i" } as never },
      /need a clientId and a clientSecret/,
    ],
    [
      "a plain-http token URL",
      {
        clientCredentials: {
          clientId: "i",
          clientSecret: "s",
          tokenUrl: "http://idp.example.com/token",
        },
      },
      /tokenUrl must use https:/,
    ],
  ])("createPrepClient rejects %s", (_, options, message) => {
    let error: unknown;
    try {
      createPrepClient(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PrepError);
    expect((error as Error).message).toMatch(message);
    for (const text of renderings(error)) expect(text).not.toContain(token);
  });

  test.each(["http://localhost:8080", "http://127.0.0.2:1", "http://[::1]:1"])(
    "accepts the loopback base URL %s",
    (baseUrl) => {
      expect(() => createPrepClient({ baseUrl, token })).not.toThrow();
    },
  );

  test.each([
    "http://app.localhost",
    "http://localhost.evil.example",
    "http://127.0.0.1.evil.example",
  ])("refuses the plain-http base URL %s, which is not loopback", (baseUrl) => {
    expect(() => createPrepClient({ baseUrl, token })).toThrow(/baseUrl must use https:/);
  });

  test("a token function that throws or returns no token fails before the request", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const cause = new Error("vault unreachable");
    const throwing = createPrepClient({ baseUrl: server.url, token: () => Promise.reject(cause) });
    const empty = createPrepClient({ baseUrl: server.url, token: () => "" });

    const thrown = await rejection(throwing.getConnection("c1"));
    const returned = await rejection(empty.getConnection("c1"));

    expect(thrown).toBeInstanceOf(PrepError);
    expect((thrown as Error).message).toBe("The token function failed");
    expect((thrown as Error).cause).toBe(cause);
    expect(returned).toBeInstanceOf(PrepError);
    expect((returned as Error).message).toMatch(/token must be a string/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("errors", () => {
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
  ])("status %i becomes a %s carrying the error body", async (status, name, ErrorClass) => {
    const body = {
      body: `Status ${status} from the server`,
      code: status,
      details: [{ code: "E1", message: "detail", target: "connectionId" }],
    };
    const server = await startTestServer((_, res) =>
      reply(res, status, body, { "x-request-id": requestId }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = (await rejection(prep.getConnection("c1"))) as PrepApiError;

    expect(error).toBeInstanceOf(ErrorClass);
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
    expect(server.requests).toHaveLength(1);
  });

  test("a 400 with several messages joins them", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 400, { body: ["workspaceId is invalid", "limit is too big"], code: 400 }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejection(prep.getConnection("c1"));

    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toBe("400 workspaceId is invalid; limit is too big");
  });

  test("an error body that is not JSON is kept as text and described", async () => {
    const html = "<html><body>Bad gateway</body></html>";
    const server = await startTestServer((_, res) =>
      reply(res, 502, html, { "content-type": "text/html" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = (await rejection(prep.getConnection("c1"))) as PrepApiError;

    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.body).toBe(html);
    expect(error.code).toBeUndefined();
    expect(error.requestId).toBeUndefined();
    expect(error.message).toBe(`502 text/html, starting ${JSON.stringify(html)}`);
  });

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

    const error = (await rejection(prep.getConnection("c1"))) as PrepApiError;

    expect(error.constructor).toBe(PrepApiError);
    expect(error.status).toBe(200);
    expect(error.message).toMatch(message);
    expect(server.requests).toHaveLength(1);
  });

  test("a network failure is a PrepConnectionError with the cause", async () => {
    const server = await startTestServer((_, res) => res.socket?.destroy());
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = await rejection(prep.getConnection("c1"));

    expect(error).toBeInstanceOf(PrepConnectionError);
    expect(error).not.toBeInstanceOf(PrepTimeoutError);
    expect((error as Error).name).toBe("PrepConnectionError");
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });
});

describe("retries", () => {
  test("a 503 storm is sent 1 + maxRetries times, with exponential backoff between", async () => {
    const server = await startTestServer((_, res) => reply(res, 503, { body: "busy", code: 503 }));
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejection(prep.getConnection("c1"));

    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(3);
    const [first, second, third] = server.requests.map((r) => r.at) as [number, number, number];
    // 0.5 s, then 1 s, each shortened by up to a quarter.
    expect(second - first).toBeGreaterThanOrEqual(370);
    expect(second - first).toBeLessThan(800);
    expect(third - second).toBeGreaterThanOrEqual(745);
    expect(third - second).toBeLessThan(1300);
  });

  test("maxRetries: 0 sends once", async () => {
    const server = await startTestServer((_, res) => reply(res, 503));
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    await rejection(prep.getConnection("c1"));

    expect(server.requests).toHaveLength(1);
  });

  test("the options of a call override those of the client", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 503, "", { "retry-after-ms": "0" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    await rejection(prep.getConnection("c1", { maxRetries: 3 }));

    expect(server.requests).toHaveLength(4);
  });

  test.each([408, 429, 500, 502, 504])("a %i is retried", async (status) => {
    const server = await startTestServer((_, res, i) =>
      i === 0 ? reply(res, status, "", { "retry-after-ms": "0" }) : reply(res, 200, envelope),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    await expect(prep.getConnection("c1")).resolves.toEqual(envelope.body);
    expect(server.requests).toHaveLength(2);
  });

  test.each([400, 401, 403, 404, 409, 422, 423, 501])("a %i is never retried", async (status) => {
    const server = await startTestServer((_, res) =>
      reply(res, status, { body: "no", code: status }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 5 });

    await rejection(prep.getConnection("c1"));

    expect(server.requests).toHaveLength(1);
  });

  test("retry-after-ms sets the wait", async () => {
    const server = await startTestServer((_, res, i) =>
      i === 0 ? reply(res, 429, "", { "retry-after-ms": "150" }) : reply(res, 200, envelope),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.getConnection("c1");

    const [first, second] = server.requests.map((r) => r.at) as [number, number];
    expect(second - first).toBeGreaterThanOrEqual(145);
    expect(second - first).toBeLessThan(370);
  });

  test("Retry-After in seconds sets the wait", async () => {
    const server = await startTestServer((_, res, i) =>
      i === 0 ? reply(res, 503, "", { "retry-after": "1" }) : reply(res, 200, envelope),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.getConnection("c1");

    const [first, second] = server.requests.map((r) => r.at) as [number, number];
    expect(second - first).toBeGreaterThanOrEqual(995);
    expect(second - first).toBeLessThan(1500);
  });

  test("a wait longer than 60 s fails at once with RateLimitError.retryAfterMs", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 429, { body: "slow down", code: 429 }, { "retry-after": "120" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });
    const started = performance.now();

    const error = (await rejection(prep.getConnection("c1"))) as RateLimitError;

    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.message).toBe("429 slow down");
    expect(server.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test("a RateLimitError without Retry-After has no retryAfterMs", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 429, { body: "slow down", code: 429 }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = (await rejection(prep.getConnection("c1"))) as RateLimitError;

    expect(error.retryAfterMs).toBeUndefined();
  });

  test("network failures are retried, then reported", async () => {
    const server = await startTestServer((_, res) => res.socket?.destroy());
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 1 });

    const error = await rejection(prep.getConnection("c1"));

    expect(error).toBeInstanceOf(PrepConnectionError);
    expect(server.requests).toHaveLength(2);
  });
});

describe("timeouts and aborts", () => {
  test("an attempt with no answer within timeoutMs times out, and is retried", async () => {
    const server = await startTestServer(() => {});
    // Long enough for each attempt to reach the server even on a busy machine.
    const prep = createPrepClient({ baseUrl: server.url, token, timeoutMs: 400, maxRetries: 1 });

    const error = await rejection(prep.getConnection("c1"));

    expect(error).toBeInstanceOf(PrepTimeoutError);
    expect(error).toBeInstanceOf(PrepConnectionError);
    expect((error as Error).name).toBe("PrepTimeoutError");
    expect((error as Error).message).toBe("The request timed out after 400 ms");
    expect(server.requests).toHaveLength(2);
  });

  test("the time limit covers the body too", async () => {
    const server = await startTestServer((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"body":');
    });
    const prep = createPrepClient({ baseUrl: server.url, token, timeoutMs: 150, maxRetries: 0 });

    await expect(prep.getConnection("c1")).rejects.toBeInstanceOf(PrepTimeoutError);
  });

  test("a call's timeoutMs overrides the client's", async () => {
    const server = await startTestServer(() => {});
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });
    const started = performance.now();

    await expect(prep.getConnection("c1", { timeoutMs: 50 })).rejects.toBeInstanceOf(
      PrepTimeoutError,
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test("the caller's abort mid-flight rejects at once, with no retry", async () => {
    const server = await startTestServer(() => {});
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 2 });
    const controller = new AbortController();
    const reason = new Error("unmounted");

    const pending = rejection(prep.getConnection("c1", { signal: controller.signal }));
    await server.received(1);
    const aborted = performance.now();
    controller.abort(reason);
    const error = await pending;

    expect(error).toBeInstanceOf(PrepAbortError);
    expect((error as Error).name).toBe("PrepAbortError");
    expect((error as Error).cause).toBe(reason);
    expect(performance.now() - aborted).toBeLessThan(200);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(server.requests).toHaveLength(1);
  });

  test("an abort during the wait before a retry rejects at once", async () => {
    const server = await startTestServer((_, res) => reply(res, 503, "", { "retry-after": "30" }));
    const prep = createPrepClient({ baseUrl: server.url, token });
    const controller = new AbortController();

    const pending = rejection(prep.getConnection("c1", { signal: controller.signal }));
    await server.received(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();

    expect(await pending).toBeInstanceOf(PrepAbortError);
    expect(server.requests).toHaveLength(1);
  });

  test("an already aborted signal sends nothing", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejection(prep.getConnection("c1", { signal: AbortSignal.abort() }));

    expect(error).toBeInstanceOf(PrepAbortError);
    expect(server.requests).toHaveLength(0);
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

    const error = (await rejection(prep.getConnection("c1"))) as AuthenticationError;

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

  test("network, timeout and abort errors do not carry the token", async () => {
    const dropping = await startTestServer((_, res) => res.socket?.destroy());
    const silent = await startTestServer(() => {});
    const errors = await Promise.all([
      rejection(
        createPrepClient({ baseUrl: dropping.url, token, maxRetries: 0 }).getConnection("c1"),
      ),
      rejection(
        createPrepClient({
          baseUrl: silent.url,
          token,
          maxRetries: 0,
          timeoutMs: 50,
        }).getConnection("c1"),
      ),
      rejection(
        createPrepClient({ baseUrl: silent.url, token }).getConnection("c1", {
          signal: AbortSignal.abort(),
        }),
      ),
    ]);

    for (const error of errors)
      for (const text of renderings(error)) expect(text).not.toContain(token);
  });
});
