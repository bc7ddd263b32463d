import { connect } from "node:net";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import { validateAgainst } from "@wdata-prep/checks/spec";
import { afterEach, describe, expect, test, vi } from "vitest";
import { connectionUrl, eventually, first, startServer } from "../test/api.ts";
import { fetchSpecResponse } from "../test/fetchSpecResponse.ts";
import { listeningUrl, runCli } from "../test/runCli.ts";
import { startPrepMockServer } from "./server.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the server", () => {
  test("allows pages on other origins: answers CORS preflights without recording them", async () => {
    const server = await startServer({ token: "s3cret" });
    const preflight = await fetch(connectionUrl(server, first.connectionId), {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET, POST");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization");
    const refresh = await fetch(`${connectionUrl(server, first.connectionId)}/refresh`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(refresh.status).toBe(204);
    expect(refresh.headers.get("access-control-allow-methods")).toBe("GET, POST");
    expect(refresh.headers.get("access-control-allow-headers")).toBe("authorization, content-type");
    expect(server.requests).toEqual([]);

    const { headers } = await fetchSpecResponse(connectionUrl(server, first.connectionId));
    expect(headers.get("access-control-allow-origin")).toBe("*");
    expect(headers.get("access-control-expose-headers")).toBe("retry-after, x-request-id");
  });
});

describe("requests", () => {
  test("records the headers as they arrived, the host among them, credentials redacted", async () => {
    const server = await startServer();
    await fetchSpecResponse(connectionUrl(server, first.connectionId), {
      headers: { authorization: "Bearer s3cret", "x-trace": "one" },
    });
    expect(server.requests[0]?.headers).toMatchObject({
      authorization: "Bearer [redacted]",
      host: server.url.replace("http://", ""),
      "x-trace": "one",
    });
  });
});

describe("hostile bodies", () => {
  /** A JSON value nested `depth` deep, in a few bytes per level. */
  const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
  const deepParameters = (depth: number) =>
    `{"sourceParameters":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`;

  test("a body nested thousands deep, to any path, with or without the token, is answered and leaves the process up", async () => {
    const cli = runCli(["--port", "0", "--token", "s3cret-token"]);
    const url = await listeningUrl(cli);
    const refreshUrl = `${url}/api/v1/connections/${first.connectionId}/refresh`;
    const sent: [string, string, Record<string, string>][] = [
      [refreshUrl, nested(4000), { authorization: "Bearer s3cret-token" }],
      [refreshUrl, deepParameters(2500), { authorization: "Bearer s3cret-token" }],
      [`${url}/api/v1/connections/batch/refresh`, nested(4000), {}],
      [`${url}/elsewhere`, deepParameters(4000), { authorization: "Bearer s3cret-token" }],
    ];
    const statuses: number[] = [];
    for (const [target, body, headers] of sent) {
      expect(body.length).toBeLessThan(25_000);
      const answer = await fetchSpecResponse(target, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body,
      });
      statuses.push(answer.status);
      if (answer.status === 400) {
        expect(answer.body.details).toEqual([
          {
            code: "invalid_body",
            message: "The body is nested more than 1000 levels deep",
            target: "body",
          },
        ]);
      }
    }
    expect(statuses).toEqual([400, 400, 401, 404]);
    const after = await fetchSpecResponse(connectionUrl({ url }, first.connectionId), {
      headers: { authorization: "Bearer s3cret-token" },
    });
    expect(after.status).toBe(200);
    expect(cli.child.exitCode).toBeNull();
    expect(cli.output().stderr).toBe("");
  });
});

/** Sends `raw` bytes on a new connection and resolves with everything read until it closes. */
function sendRaw(url: string, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), "127.0.0.1", () => socket.end(raw));
    let received = "";
    socket.setEncoding("utf8").on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
  });
}

/** Reads an HTTP/1.1 answer: its status, lower-case headers and JSON body. */
function parseAnswer(raw: string) {
  const [head = "", body = ""] = raw.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(":")).toLowerCase(),
      line.slice(line.indexOf(":") + 1).trim(),
    ]),
  );
  return { status: Number(statusLine.split(" ")[1]), headers, body: JSON.parse(body) };
}

describe("requests node:http refuses before the API sees them", () => {
  test.each([
    [
      "an unknown method",
      "FOO /api/v1/connections HTTP/1.1\r\nHost: x\r\n\r\n",
      400,
      /method is not one HTTP knows/,
    ],
    [
      "a malformed request line",
      "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n",
      400,
      /^The request is not valid HTTP: Expected HTTP\//,
    ],
    [
      "a malformed header",
      "GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
      400,
      /^The request is not valid HTTP: Invalid header token$/,
    ],
    [
      "a URL over 16 KiB",
      `GET /api/v1/connections?cursor=${"a".repeat(16 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      431,
      /larger than 16384 bytes/,
    ],
    [
      "CONNECT",
      "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
      405,
      /CONNECT is not allowed/,
    ],
  ])(
    "answers %s in the API's error shape, unrecorded, and keeps serving",
    async (_name, raw, status, message) => {
      const server = await startServer();
      const answer = parseAnswer(await sendRaw(server.url, raw));
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual({ body: expect.stringMatching(message), code: status });
      expect(validateAgainst("SingleError", answer.body)).toEqual([]);
      expect(answer.headers).toMatchObject({
        "content-type": "application/json; charset=utf-8",
        connection: "close",
        "access-control-allow-origin": "*",
      });
      expect(answer.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(server.requests).toEqual([]);
      expect((await fetchSpecResponse(connectionUrl(server, first.connectionId))).status).toBe(200);
    },
  );

  test("a client reads the answer to a URL over 16 KiB as an API error", async () => {
    const server = await startServer();
    const response = await fetch(`${server.url}/api/v1/connections?cursor=${"a".repeat(17_000)}`);
    expect(response.status).toBe(431);
    expect(await response.json()).toMatchObject({ code: 431 });
  });
});

describe("close", () => {
  test("ends idle keep-alive connections, answers no more, and can be called again", async () => {
    const server = await startPrepMockServer();
    await fetchSpecResponse(connectionUrl(server, first.connectionId));
    const socket = connect(Number(new URL(server.url).port), "127.0.0.1");
    const socketClosed = new Promise((resolve) => socket.once("close", resolve));
    await new Promise((resolve) => socket.once("connect", resolve));
    const closing = server.close();
    expect(server.close()).toBe(closing);
    await closing;
    await socketClosed;
    await server.close();
    await expect(fetch(connectionUrl(server, first.connectionId))).rejects.toThrow(TypeError);
  });

  test("ends a request still waiting for its answer without marking it aborted", async () => {
    const server = await startPrepMockServer({ latencyMs: 60_000 });
    const outcome = fetch(connectionUrl(server, first.connectionId)).then(
      () => "answered",
      (error: unknown) => error,
    );
    await eventually(() => expect(server.requests).toHaveLength(1));
    await server.close();
    expect(await outcome).toBeInstanceOf(TypeError);
    expect(server.requests[0]).toMatchObject({ status: undefined, aborted: false });
  });
});

describe("listening", () => {
  test("listens on 127.0.0.1 and gives a base URL without a trailing slash", async () => {
    const server = await startServer();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("listens on the given port, and rejects when that port is taken", async () => {
    const server = await startServer();
    const port = Number(new URL(server.url).port);
    const error = await rejectsWith(startPrepMockServer({ port }), Error);
    expect(error.message).toContain(`Cannot listen on 127.0.0.1:${port}`);
    expect(error.cause).toMatchObject({ code: "EADDRINUSE" });
  });
});
