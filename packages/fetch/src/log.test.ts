import { createServer } from "node:net";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import { describe, expect, test } from "vitest";
import { runScript } from "../test/childProcess.ts";
import { envelope, token } from "../test/fixtures.ts";
import { reply, startTestServer } from "../test/startTestServer.ts";
import { createPrepClient } from "./client.ts";
import {
  InternalServerError,
  NotFoundError,
  PrepAbortError,
  PrepApiError,
  PrepConnectionError,
  PrepConnectionTimeoutError,
} from "./errors.ts";
import type { PrepLogger } from "./log.ts";

/** A logger that keeps each line with its level. */
function recorder(): { logger: PrepLogger; lines: [string, string][] } {
  const lines: [string, string][] = [];
  const at = (level: string) => (message: string) => lines.push([level, message]);
  return {
    lines,
    logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
  };
}

/** Asserts that `lines` are, in order, of these levels and match these patterns. */
function expectLines(lines: [string, string][], expected: [string, RegExp][]): void {
  expect(lines.map(([level]) => level)).toEqual(expected.map(([level]) => level));
  lines.forEach(([, line], index) => {
    expect(line).toMatch(expected[index]?.[1] as RegExp);
  });
}

/** A URL on 127.0.0.1 where nothing listens: a connection there is refused. */
async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const path = "/api/v1/connections/c1";

describe("the log of a client", () => {
  test("has one line per attempt: method, path and query, status, time, request ID, and what follows", async () => {
    const server = await startTestServer((_, res, i) =>
      i === 0
        ? reply(res, 503, "", { "retry-after-ms": "0", "x-request-id": "r0" })
        : reply(res, 200, envelope, { "x-request-id": "r1" }),
    );
    const { logger, lines } = recorder();
    const prep = createPrepClient({ baseUrl: server.url, token, logger, logLevel: "debug" });

    await prep.getConnection("c1", { workspaceId: "w1" });

    expectLines(lines, [
      [
        "info",
        /^\[wdata-prep\] GET \/api\/v1\/connections\/c1\?workspaceId=w1: 503 in \d+ ms, request ID r0; retrying in 0 ms \(retry 1 of 2\)$/,
      ],
      [
        "debug",
        /^\[wdata-prep\] GET \/api\/v1\/connections\/c1\?workspaceId=w1: 200 in \d+ ms, request ID r1$/,
      ],
    ]);
    expect(server.requests).toHaveLength(2);
    for (const [, line] of lines) expect(line).not.toContain(token);
  });

  test("says why a failure is not retried: a refusal is a warning, any other failure an error", async () => {
    const server = await startTestServer((request, res) =>
      request.method === "POST"
        ? reply(res, 500, { body: "Internal error", code: 500 }, { "x-request-id": "r-post" })
        : reply(res, 404, { body: "No such connection", code: 404 }),
    );
    const { logger, lines } = recorder();
    const prep = createPrepClient({ baseUrl: server.url, token, logger, logLevel: "debug" });

    await rejectsWith(prep.getConnection("c1"), NotFoundError);
    await rejectsWith(prep.refreshConnection("c1", { workspaceId: "w1" }), InternalServerError);

    expectLines(lines, [
      [
        "warn",
        /^\[wdata-prep\] GET \/api\/v1\/connections\/c1: 404 in \d+ ms; not retried: 404 is final$/,
      ],
      [
        "error",
        /^\[wdata-prep\] POST \/api\/v1\/connections\/c1\/refresh: 500 in \d+ ms, request ID r-post; not retried: a POST that may have reached the server is never sent twice$/,
      ],
    ]);
    // Never the body of a request or of a response.
    for (const [, line] of lines) expect(line).not.toMatch(/w1|No such connection|Internal error/);
  });

  test("has a 300 as an error, and every 4xx, from 400 to 499, as a warning", async () => {
    const server = await startTestServer((request, res) =>
      reply(res, Number(request.url.split("/").pop()), { body: "Not this", code: 0 }),
    );
    const { logger, lines } = recorder();
    const prep = createPrepClient({ baseUrl: server.url, token, logger, logLevel: "debug" });

    for (const status of ["300", "400", "499"]) {
      await rejectsWith(prep.getConnection(status), PrepApiError);
    }

    expectLines(lines, [
      ["error", /^\[wdata-prep\] GET \/api\/v1\/connections\/300: 300 in \d+ ms; not retried/],
      ["warn", /^\[wdata-prep\] GET \/api\/v1\/connections\/400: 400 in \d+ ms; not retried/],
      ["warn", /^\[wdata-prep\] GET \/api\/v1\/connections\/499: 499 in \d+ ms; not retried/],
    ]);
  });

  test("gives an attempt no more milliseconds than the call took", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const { logger, lines } = recorder();
    const prep = createPrepClient({ baseUrl: server.url, token, logger, logLevel: "debug" });

    const start = performance.now();
    await prep.getConnection("c1");
    const took = performance.now() - start;

    const ms = Number(/ in (\d+) ms/.exec(lines[0]?.[1] ?? "")?.[1]);
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThanOrEqual(Math.ceil(took));
  });

  test("names a network failure that is not an Error, as a fetch given in the options may throw, unknown", async () => {
    const server = await startTestServer((_, res) => res.socket?.destroy());
    const { logger, lines } = recorder();
    // A fetch that reports its failures as strings.
    const fetch = (request: Request) =>
      globalThis.fetch(request).catch((error: unknown) => {
        throw String(error);
      });
    const prep = createPrepClient({ baseUrl: server.url, token, fetch, logger, logLevel: "debug" });

    await rejectsWith(prep.getConnection("c1", { maxRetries: 0 }), PrepConnectionError);

    expectLines(lines, [
      [
        "error",
        /^\[wdata-prep\] GET \/api\/v1\/connections\/c1: network error \(unknown\) after \d+ ms; not retried/,
      ],
    ]);
    expect(server.requests).toHaveLength(1);
  });

  test("names a network error by its kind, and a time limit, and says when no retry is left", async () => {
    const refusing = await refusingUrl();
    const silent = await startTestServer(() => {});
    const { logger, lines } = recorder();

    await rejectsWith(
      createPrepClient({
        baseUrl: refusing,
        token,
        logger,
        logLevel: "info",
        maxRetries: 1,
      }).getConnection("c1"),
      PrepConnectionError,
    );
    await rejectsWith(
      createPrepClient({
        baseUrl: silent.url,
        token,
        logger,
        logLevel: "info",
        maxRetries: 0,
      }).getConnection("c1", { timeoutMs: 100 }),
      PrepConnectionTimeoutError,
    );

    expectLines(lines, [
      [
        "info",
        /^\[wdata-prep\] GET \/api\/v1\/connections\/c1: network error \(ECONNREFUSED\) after \d+ ms; retrying in \d+ ms \(retry 1 of 1\)$/,
      ],
      [
        "error",
        /^\[wdata-prep\] GET \/api\/v1\/connections\/c1: network error \(ECONNREFUSED\) after \d+ ms; not retried: no retry left \(maxRetries 1\)$/,
      ],
      [
        "error",
        /^\[wdata-prep\] GET \/api\/v1\/connections\/c1: timed out after \d+ ms; not retried: no retry left \(maxRetries 0\)$/,
      ],
    ]);
  });

  test("has an aborted attempt at debug", async () => {
    const server = await startTestServer(() => {});
    const { logger, lines } = recorder();
    const prep = createPrepClient({ baseUrl: server.url, token, logger, logLevel: "debug" });
    const controller = new AbortController();

    const start = performance.now();
    const pending = rejectsWith(
      prep.getConnection("c1", { signal: controller.signal }),
      PrepAbortError,
    );
    await server.received(1);
    controller.abort();
    await pending;
    const took = performance.now() - start;

    expectLines(lines, [
      ["debug", /^\[wdata-prep\] GET \/api\/v1\/connections\/c1: aborted after \d+ ms$/],
    ]);
    // No more milliseconds than the call took.
    expect(Number(/after (\d+) ms/.exec(lines[0]?.[1] ?? "")?.[1])).toBeLessThanOrEqual(
      Math.ceil(took),
    );
  });

  test("writes the lines of its level and the more severe ones; nothing when off, by default", async () => {
    const server = await startTestServer((request, res, i) =>
      request.url.endsWith("missing")
        ? reply(res, 404, { body: "gone", code: 404 })
        : reply(res, i === 0 ? 503 : 200, envelope, { "retry-after-ms": "0" }),
    );
    const levels = ["off", "error", "warn", "info", "debug"] as const;
    const written: Record<string, string[]> = {};
    for (const logLevel of [undefined, ...levels]) {
      const { logger, lines } = recorder();
      const prep = createPrepClient({ baseUrl: server.url, token, logger, logLevel });
      // Another connection for each level: its first request is answered 503.
      await prep.getConnection(`c-${logLevel}`);
      await rejectsWith(prep.getConnection("missing"), NotFoundError);
      written[String(logLevel)] = lines.map(([level]) => level);
    }

    expect(written).toEqual({
      undefined: [],
      off: [],
      error: [],
      warn: ["warn"],
      info: ["info", "warn"],
      debug: ["info", "debug", "warn"],
    });
  });

  test("has the token request of client credentials too, and never the token nor the secret", async () => {
    const secret = "s3cr3t-of-the-client";
    const issued = "tok_issued_by_the_idp_7f3a";
    const server = await startTestServer((request, res) =>
      request.url === "/oauth2/token"
        ? reply(res, 200, { access_token: issued, expires_in: 600 }, { "x-request-id": "idp-1" })
        : reply(res, 200, envelope, { "x-request-id": "api-1" }),
    );
    const { logger, lines } = recorder();
    const prep = createPrepClient({
      baseUrl: server.url,
      clientCredentials: {
        clientId: "app",
        clientSecret: secret,
        tokenUrl: `${server.url}/oauth2/token`,
      },
      logger,
      logLevel: "debug",
    });

    await prep.getConnection("c1");

    expectLines(lines, [
      ["debug", /^\[wdata-prep\] POST \/oauth2\/token: 200 in \d+ ms, request ID idp-1$/],
      ["debug", /^\[wdata-prep\] GET \/api\/v1\/connections\/c1: 200 in \d+ ms, request ID api-1$/],
    ]);
    for (const [, line] of lines) expect(line).not.toMatch(/s3cr3t|tok_issued|Basic|Bearer|app/);
  });

  test("says when a 401 is sent again with a new token of client credentials", async () => {
    const server = await startTestServer((request, res, index) =>
      request.url === "/oauth2/token"
        ? reply(res, 200, { access_token: `tok_issued_number_${index + 1}` })
        : request.headers.authorization === "Bearer tok_issued_number_1"
          ? reply(res, 401, { body: "Token expired", code: 401 })
          : reply(res, 200, envelope),
    );
    const { logger, lines } = recorder();
    const prep = createPrepClient({
      baseUrl: server.url,
      clientCredentials: {
        clientId: "app",
        clientSecret: "s3cr3t-of-the-client",
        tokenUrl: `${server.url}/oauth2/token`,
      },
      logger,
      logLevel: "debug",
    });

    await prep.getConnection("c1");

    expectLines(lines, [
      ["debug", /^\[wdata-prep\] POST \/oauth2\/token: 200 in \d+ ms$/],
      [
        "info",
        /^\[wdata-prep\] GET \/api\/v1\/connections\/c1: 401 in \d+ ms; retrying with a new token$/,
      ],
      ["debug", /^\[wdata-prep\] POST \/oauth2\/token: 200 in \d+ ms$/],
      ["debug", /^\[wdata-prep\] GET \/api\/v1\/connections\/c1: 200 in \d+ ms$/],
    ]);
  });

  test("shows the pauses of a wait: a 429 and a 5xx of its polls, and that it polls on", async () => {
    const server = await startTestServer((_, res, i) => {
      const run = (source: string, destination: string) => ({
        body: {
          jobId: "j1",
          connectionId: "c1",
          sourceStatus: source,
          destinationStatus: destination,
        },
        code: 200,
      });
      if (i === 1) return reply(res, 429, { body: "Slow down", code: 429 }, { "retry-after": "0" });
      if (i === 2) return reply(res, 503, { body: "Unavailable", code: 503 });
      reply(res, 200, i === 0 ? run("running", "not_started") : run("complete", "complete"));
    });
    const { logger, lines } = recorder();
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      logger,
      logLevel: "info",
      maxRetries: 0,
    });

    await prep.waitForRefresh("c1", { jobId: "j1", pollIntervalMs: 20 });

    const status = "GET \\/api\\/v1\\/connections\\/c1\\/status\\?jobId=j1";
    expectLines(lines, [
      [
        "warn",
        new RegExp(
          `^\\[wdata-prep\\] ${status}: 429 in \\d+ ms; not retried: no retry left \\(maxRetries 0\\)$`,
        ),
      ],
      [
        "info",
        /^\[wdata-prep\] waiting for the run j1 of connection c1: 429 Slow down; polling again in 20 ms$/,
      ],
      [
        "error",
        new RegExp(
          `^\\[wdata-prep\\] ${status}: 503 in \\d+ ms; not retried: no retry left \\(maxRetries 0\\)$`,
        ),
      ],
      [
        "info",
        /^\[wdata-prep\] waiting for the run j1 of connection c1: 503 Unavailable; polling again in \d+ ms$/,
      ],
    ]);
    expect(server.requests).toHaveLength(4);
  });

  test(`in Node, WDATA_PREP_LOG turns it on, written to the console`, async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 200, envelope, { "x-request-id": "r9" }),
    );
    const child = runScript(
      `const client = prep.createPrepClient({ baseUrl: args[0], token: args[1] });
      await client.getConnection("c1");`,
      [server.url, token],
      { WDATA_PREP_LOG: "debug" },
    );

    expect(await child.exitsWithin(10_000)).toBe(true);
    expect(child.output()).toMatch(
      new RegExp(`^\\[wdata-prep\\] GET ${path}: 200 in \\d+ ms, request ID r9\\n$`),
    );
  });
});
