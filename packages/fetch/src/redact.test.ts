import { inspect } from "node:util";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import { describe, expect, test } from "vitest";
import { envelope, renderings, token } from "../test/fixtures.ts";
import { reply, type SeenRequest, startTestServer } from "../test/startTestServer.ts";
import { createTokenProvider } from "./auth.ts";
import { createPrepClient } from "./client.ts";
import {
  AuthenticationError,
  BadRequestError,
  PrepApiError,
  type PrepError,
  PrepRunError,
  PrepWaitTimeoutError,
} from "./errors.ts";
import type { PrepLogger } from "./log.ts";
import { createSecrets } from "./redact.ts";

// A server may echo what it was sent: the `Authorization` header, a token, a client secret.
// Whatever of a response the client quotes, in an error or a log line, holds none of its own
// credentials, in any form they travel in.

const clientId = "client-7d1e";
const clientSecret = "s3cr3t+/=:%é of the client";
/** The Basic credential of `clientId` and `clientSecret` (RFC 6749 §2.3.1). */
const basic = btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`);

/** Every form a credential may be echoed in. */
function forms(secret: string): string[] {
  const bytes = String.fromCharCode(...new TextEncoder().encode(secret));
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    btoa(bytes),
  ];
}

/** Everything an error shows of itself, with the fields it quotes from the response. */
function shown(error: PrepError): string[] {
  const fields = error as PrepError & Record<string, unknown>;
  const quoted = ["body", "details", "oauthErrorDescription", "run", "lastRun", "requestId"].map(
    (name) => inspect(fields[name], { depth: 20 }),
  );
  const headers = fields.headers instanceof Headers ? [...fields.headers].join("\n") : "";
  return [...renderings(error), ...quoted, headers];
}

/** Asserts that no form of any of `secrets` is in `texts`. */
function expectNone(texts: string[], secrets: string[]): void {
  for (const text of texts) {
    for (const secret of secrets)
      for (const form of forms(secret)) expect(text).not.toContain(form);
  }
}

/** A body and headers that echo every form of `secret`, as a careless server might. */
function echoing(secret: string, authorization: string | undefined) {
  const all = [...forms(secret), authorization].join(" | ");
  return {
    body: { body: `Bad header: ${all}`, code: 400, details: [{ message: all, [secret]: all }] },
    headers: { "x-echo": all, "x-request-id": secret, "www-authenticate": `${authorization}` },
  };
}

describe("an API that echoes the token", () => {
  test("is quoted with the token redacted: message, stack, body, details, headers, JSON", async () => {
    const server = await startTestServer((request, res) => {
      const echo = echoing(token, request.headers.authorization);
      reply(res, 400, echo.body, echo.headers);
    });
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.getConnection("c1"), BadRequestError);

    expect(error.message).toBe(
      "400 Bad header: [redacted] | [redacted] | [redacted] | [redacted] | Bearer [redacted]",
    );
    expect(error.requestId).toBe("[redacted]");
    expect(error.details?.[0]).toEqual({
      message: "[redacted] | [redacted] | [redacted] | [redacted] | Bearer [redacted]",
      "[redacted]": "[redacted] | [redacted] | [redacted] | [redacted] | Bearer [redacted]",
    });
    expectNone(shown(error), [token]);
  });

  test("each token of a token function is redacted, however often it changes", async () => {
    const server = await startTestServer((request, res) => {
      const sent = request.headers.authorization?.slice("Bearer ".length) ?? "";
      reply(res, 401, echoing(sent, request.headers.authorization).body);
    });
    let count = 0;
    const prep = createPrepClient({
      baseUrl: server.url,
      token: () => `rotating-token-${++count}`,
      maxRetries: 0,
    });

    const errors: PrepError[] = [];
    for (let call = 0; call < 12; call++) {
      errors.push(await rejectsWith(prep.getConnection("c1"), AuthenticationError));
    }

    errors.forEach((error, index) => {
      expectNone(shown(error), [`rotating-token-${index + 1}`]);
    });
  });

  test("a 200 that is not the envelope, such as a page quoting the token, is redacted", async () => {
    const server = await startTestServer((request, res) =>
      reply(res, 200, `<p>Signed in with ${request.headers.authorization}</p>`, {
        "content-type": "text/html",
      }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.getConnection("c1"), PrepApiError);

    expect(error.message).toBe(
      '200 response is not a connection envelope (text/html, starting "<p>Signed in with Bearer [redacted]</p>")',
    );
    expectNone(shown(error), [token]);
  });

  test("a run or a batch that quotes the token is redacted in the errors of a wait", async () => {
    const echoed = (request: SeenRequest) => `rejected ${request.headers.authorization}`;
    const server = await startTestServer((request, res) => {
      const run = { jobId: "j1", sourceStatus: "running", destinationStatus: "not_started" };
      if (request.url.includes("/c1/")) {
        reply(res, 200, { body: { ...run, sourceStatus: "error", error: echoed(request) } });
      } else reply(res, 200, { body: { ...run, note: echoed(request) } });
    });
    const prep = createPrepClient({ baseUrl: server.url, token });

    const failed = await rejectsWith(prep.waitForRefresh("c1", { jobId: "j1" }), PrepRunError);
    const late = await rejectsWith(
      prep.waitForRefresh("c2", { jobId: "j1", deadlineMs: 50, pollIntervalMs: 10 }),
      PrepWaitTimeoutError,
    );

    expect(failed.message).toBe(
      "The run j1 of connection c1 ended in error: rejected Bearer [redacted]",
    );
    expect(failed.run.error).toBe("rejected Bearer [redacted]");
    expect((late.lastRun as Record<string, unknown>).note).toBe("rejected Bearer [redacted]");
    expectNone([...shown(failed), ...shown(late)], [token]);
  });

  test("a run or a batch that quotes the token is redacted in what refreshMany reports", async () => {
    const echoed = (request: SeenRequest) => `rejected ${request.headers.authorization}`;
    const server = await startTestServer((request, res) => {
      const { method, url } = request;
      const note = echoed(request);
      const running = { sourceStatus: "running", destinationStatus: "not_started", note };
      if (method === "POST" && url.endsWith("/batch/refresh")) {
        const items = JSON.parse(request.body) as { connectionId: string }[];
        const childRefreshes = items.map((item) => ({ ...item, jobId: `j-${item.connectionId}` }));
        reply(res, 200, { body: { batchRefreshId: "b1", childRefreshes, note } });
      } else if (url.includes("/batch/refresh/b1")) {
        const failed = { sourceStatus: "error", destinationStatus: "not_started", error: note };
        const childRefreshes = [
          { connectionId: "a1", jobId: "j-a1", ...failed },
          { connectionId: "a2", jobId: "j-a2", ...failed },
        ];
        reply(res, 200, { body: { ...failed, childRefreshes } });
      } else if (url.includes("/gone/")) {
        reply(res, 404, { body: `No connection for ${request.headers.authorization}`, code: 404 });
      } else if (method === "POST") reply(res, 200, { body: { jobId: "j1", ...running } });
      else reply(res, 200, { body: { jobId: "j1", ...running } });
    });
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });
    const into = (connectionId: string, destinationId: string) => ({
      connectionId,
      name: connectionId,
      destinationType: "spreadsheet" as const,
      destinationId,
    });
    const progress: unknown[] = [];

    const ended = await prep.refreshMany([into("a1", "dA"), into("a2", "dA"), into("gone", "dG")], {
      pollIntervalMs: 10,
      onProgress: (state) => progress.push(state),
    });
    const late = await prep.refreshMany([into("lone", "dL")], {
      deadlineMs: 500,
      pollIntervalMs: 10,
      onProgress: (state) => progress.push(state),
    });

    expect(ended.map((result) => result.outcome)).toEqual(["error", "error", "not_started"]);
    expect(ended[0]?.run?.error).toBe("rejected Bearer [redacted]");
    expect(ended[2]?.error?.message).toBe("404 No connection for Bearer [redacted]");
    expect(late[0]?.outcome).toBe("timed_out");
    const timeout = late[0]?.error as PrepWaitTimeoutError;
    expect(timeout).toBeInstanceOf(PrepWaitTimeoutError);
    expect((timeout.lastRun as Record<string, unknown>).note).toBe("rejected Bearer [redacted]");
    const errors = [...ended, ...late].flatMap((result) => (result.error ? [result.error] : []));
    expectNone(
      [inspect([ended, late, progress], { depth: 20 }), ...errors.flatMap(shown)],
      [token],
    );
  });
});

describe("a token endpoint that echoes the credentials", () => {
  /** A token endpoint refusing every request, echoing its Authorization header and the secret. */
  async function echoingTokenEndpoint(status: number) {
    return startTestServer((request, res) => {
      const echo = echoing(clientSecret, request.headers.authorization);
      reply(
        res,
        status,
        { error: "invalid_client", error_description: echo.body.body },
        echo.headers,
      );
    });
  }

  test.each([400, 401, 503])(
    "(%i) is quoted with the Basic credential and the secret redacted",
    async (status) => {
      const server = await echoingTokenEndpoint(status);
      const credentials = { clientId, clientSecret, tokenUrl: `${server.url}/oauth2/token` };

      const error = await rejectsWith(
        createTokenProvider(credentials, { maxRetries: 0 }).getToken(),
        PrepApiError,
      );

      expect(error.message).toBe(
        `The token request failed: ${status} invalid_client: Bad header: [redacted] | [redacted] | [redacted] | [redacted] | Basic [redacted]`,
      );
      expect(server.requests[0]?.headers.authorization).toBe(`Basic ${basic}`);
      expectNone(shown(error), [clientSecret, basic]);
    },
  );

  test("through a client with clientCredentials: the AuthenticationError and the log", async () => {
    const server = await echoingTokenEndpoint(401);
    const lines: string[] = [];
    const line = (message: string) => lines.push(message);
    const logger: PrepLogger = { debug: line, info: line, warn: line, error: line };
    const prep = createPrepClient({
      baseUrl: server.url,
      clientCredentials: { clientId, clientSecret, tokenUrl: `${server.url}/oauth2/token` },
      logger,
      logLevel: "debug",
    });

    const error = await rejectsWith(prep.getConnection("c1"), AuthenticationError);

    expect(error.oauthErrorDescription).toBe(
      "Bad header: [redacted] | [redacted] | [redacted] | [redacted] | Basic [redacted]",
    );
    expect(lines).toEqual([
      expect.stringMatching(
        /^\[wdata-prep\] POST \/oauth2\/token: 401 in \d+ ms, request ID \[redacted\];/,
      ),
    ]);
    expectNone([...shown(error), ...lines], [clientSecret, basic]);
  });

  test("through a client with a request budget: its token requests take their turn and pause it, and no line holds a credential", async () => {
    let tokenRequests = 0;
    const server = await startTestServer((request, res) => {
      const headers = { "x-request-id": `id ${request.headers.authorization}` };
      if (!request.url.startsWith("/oauth2/token")) return reply(res, 200, envelope, headers);
      if (++tokenRequests > 1) return reply(res, 200, { access_token: token, expires_in: 600 });
      reply(res, 429, { error: "slow_down" }, { ...headers, "retry-after-ms": "50" });
    });
    const lines: string[] = [];
    const line = (message: string) => lines.push(message);
    const prep = createPrepClient({
      baseUrl: server.url,
      clientCredentials: { clientId, clientSecret, tokenUrl: `${server.url}/oauth2/token` },
      maxRequestsPerSecond: 100,
      logger: { debug: line, info: line, warn: line, error: line },
      logLevel: "debug",
    });

    await prep.getConnection("c1");

    expect(server.requests.map(({ method, url }) => `${method} ${url.split("?")[0]}`)).toEqual([
      "POST /oauth2/token",
      "POST /oauth2/token",
      "GET /api/v1/connections/c1",
    ]);
    // The budget's pause is written as the 429 arrives, before the line of its attempt.
    expect(lines).toEqual([
      "[wdata-prep] 429 Too many requests: every request of this client waits 50 ms",
      expect.stringMatching(
        /^\[wdata-prep\] POST \/oauth2\/token: 429 in \d+ ms, request ID id Basic \[redacted\]; retrying/,
      ),
      expect.stringMatching(/^\[wdata-prep\] POST \/oauth2\/token: 200 in \d+ ms$/),
      expect.stringMatching(
        /^\[wdata-prep\] GET \/api\/v1\/connections\/c1: 200 in \d+ ms, request ID id Bearer \[redacted\]$/,
      ),
    ]);
    expectNone(lines, [clientSecret, basic, token]);
  });

  test("a token it issued, echoed by the API, is redacted too", async () => {
    const issued = "issued-access-token-0001";
    const server = await startTestServer((request, res) =>
      request.url.startsWith("/oauth2/token")
        ? reply(res, 200, { access_token: issued, expires_in: 600 })
        : reply(res, 404, {
            body: `No connection for ${request.headers.authorization}`,
            code: 404,
          }),
    );
    const prep = createPrepClient({
      baseUrl: server.url,
      clientCredentials: { clientId, clientSecret, tokenUrl: `${server.url}/oauth2/token` },
    });

    const error = await rejectsWith(prep.getConnection("c1"), PrepApiError);

    expect(error.message).toBe("404 No connection for Bearer [redacted]");
    expectNone(shown(error), [issued]);
  });
});

describe("the log of a client whose server echoes the token", () => {
  test("holds it in no line: a request ID, a cursor sent back, a wait's pause", async () => {
    let polls = 0;
    const server = await startTestServer((request, res) => {
      const headers = { "x-request-id": `id ${request.headers.authorization}` };
      if (request.url.includes("/status")) {
        return ++polls === 1
          ? reply(res, 503, { body: `busy ${token}`, code: 503 }, headers)
          : reply(res, 200, { body: { sourceStatus: "complete", destinationStatus: "complete" } });
      }
      const cursor = request.url.includes("cursor=") ? null : `after ${token}`;
      reply(res, 200, { body: [envelope.body], code: 200, cursor }, headers);
    });
    const lines: string[] = [];
    const line = (message: string) => lines.push(message);
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      maxRetries: 0,
      logger: { debug: line, info: line, warn: line, error: line },
      logLevel: "debug",
    });

    for await (const _ of prep.listConnections());
    await prep.waitForRefresh("c1", { jobId: "j1", pollIntervalMs: 1 });

    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(
      /^\[wdata-prep\] GET \/api\/v1\/connections\?cursor=after(\+|%20)\[redacted\]: 200 in \d+ ms, request ID id Bearer \[redacted\]$/,
    );
    expectNone(lines, [token]);
  });
});

describe("Secrets", () => {
  test("leaves a credential shorter than 8 characters alone: it cannot be told from text", () => {
    const secrets = createSecrets();
    secrets.add("s3cret", true);
    secrets.add("a-longer-secret", true);

    expect(secrets.text("s3cret a-longer-secret")).toBe("s3cret [redacted]");
  });

  test("redacts a credential that holds another one whole, the longest first", () => {
    const secrets = createSecrets();
    secrets.add("secret-8", true);
    secrets.add("secret-8-and-more");

    expect(secrets.text("secret-8-and-more, secret-8")).toBe("[redacted], [redacted]");
  });

  test("copies a body into plain data a caller may change, as JSON.parse gives it", () => {
    const secrets = createSecrets();
    secrets.add("a-secret-token", true);
    const copy = secrets.value({ body: "a-secret-token", details: [{ code: "E1" }] });

    copy.body = "changed";
    delete (copy.details[0] as { code?: string }).code;

    expect(copy).toEqual({ body: "changed", details: [{}] });
  });

  test("redacts a credential of exactly 8 characters", () => {
    const secrets = createSecrets();
    secrets.add("8chars!!");

    expect(secrets.text("token 8chars!!")).toBe("token [redacted]");
  });

  test("counts a token given again, as a token function gives it before every attempt, once", () => {
    const secrets = createSecrets();
    secrets.add("first-token-1");
    for (let n = 1; n <= 8; n++) secrets.add("second-token-2");

    expect(secrets.text("first-token-1 second-token-2")).toBe("[redacted] [redacted]");
  });

  test("keeps the last 8 tokens that change, and every lasting credential", () => {
    const secrets = createSecrets();
    secrets.add("lasting-secret", true);
    for (let n = 1; n <= 9; n++) secrets.add(`renewed-token-${n}`);

    expect(secrets.text("lasting-secret renewed-token-1 renewed-token-2 renewed-token-9")).toBe(
      "[redacted] renewed-token-1 [redacted] [redacted]",
    );
  });

  test("redacts a body nested deeper than the call stack, keys included", () => {
    const secrets = createSecrets();
    secrets.add(token, true);
    // As JSON.parse makes it: `__proto__` an own key, not the prototype.
    const top = JSON.parse(`{"__proto__": "${token}", "a": null}`);
    let inner: Record<string, unknown> = top;
    for (let depth = 0; depth < 100_000; depth++) inner = inner.a = { a: null };
    inner.a = { [token]: token };

    let copy = secrets.value(top);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value).toBe("[redacted]");
    for (let depth = 0; depth <= 100_000; depth++) copy = copy.a;
    expect(copy).toEqual({ "[redacted]": "[redacted]" });
  });
});
