import { connect } from "node:net";
import type { Connection } from "@wdata-prep/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { fetchSpecResponse } from "../test/fetchSpecResponse.ts";
import type { PrepMockServer } from "./PrepMockServer.ts";
import type { PrepMockServerOptions } from "./PrepMockServerOptions.ts";
import { seedConnections } from "./seedConnections.ts";
import { startPrepMockServer } from "./startPrepMockServer.ts";

const started: PrepMockServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
  vi.restoreAllMocks();
});

async function start(options?: PrepMockServerOptions): Promise<PrepMockServer> {
  const server = await startPrepMockServer(options);
  started.push(server);
  return server;
}

function connectionUrl(server: PrepMockServer, id: string, query = ""): string {
  return `${server.url}/api/v1/connections/${id}${query}`;
}

const [first] = seedConnections as [Connection & { connectionId: string; workspaceId: string }];

describe("getConnection", () => {
  test("answers every seeded connection in the spec's { body, code } envelope", async () => {
    const server = await start();
    for (const connection of seedConnections) {
      const { status, body } = await fetchSpecResponse(
        connectionUrl(server, connection.connectionId as string),
      );
      expect(status).toBe(200);
      expect(body).toEqual({ body: connection, code: 200 });
    }
  });

  test("answers when workspaceId is the connection's workspace, or empty", async () => {
    const server = await start();
    const matching = await fetchSpecResponse(
      connectionUrl(server, first.connectionId, `?workspaceId=${first.workspaceId}`),
    );
    expect(matching.status).toBe(200);
    const empty = await fetchSpecResponse(
      connectionUrl(server, first.connectionId, "?workspaceId="),
    );
    expect(empty.status).toBe(200);
  });

  test("answers 404 for an unknown ID", async () => {
    const server = await start();
    const { status, body } = await fetchSpecResponse(connectionUrl(server, "nope"));
    expect(status).toBe(404);
    expect(body).toEqual({ body: "Connection nope not found", code: 404 });
  });

  test("answers 404 when workspaceId is another workspace", async () => {
    const server = await start();
    const other = seedConnections.find((c) => c.workspaceId !== first.workspaceId)?.workspaceId;
    const { status, body } = await fetchSpecResponse(
      connectionUrl(server, first.connectionId, `?workspaceId=${other}`),
    );
    expect(status).toBe(404);
    expect(body.body).toBe(`Connection ${first.connectionId} not found in workspace ${other}`);
  });

  test("answers 400 for a workspaceId over 40 characters, counted as the spec counts them", async () => {
    const server = await start();
    const tooLong = await fetchSpecResponse(
      connectionUrl(server, first.connectionId, `?workspaceId=${"a".repeat(41)}`),
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.body).toBe("workspaceId must be at most 40 characters, got 41");
    expect(tooLong.body.details).toEqual([
      { code: "invalid_parameter", message: tooLong.body.body, target: "workspaceId" },
    ]);
    for (const longest of ["a".repeat(40), "🌍".repeat(40)]) {
      const { status } = await fetchSpecResponse(
        connectionUrl(server, first.connectionId, `?workspaceId=${encodeURIComponent(longest)}`),
      );
      expect(status).toBe(404);
    }
  });

  test("decodes the percent-encoded ID, and answers 400 for broken encoding", async () => {
    const server = await start({
      connections: [
        { connectionId: "a/b", name: "Slash" },
        { connectionId: "Q3 revenue", name: "Space" },
      ],
    });
    const slash = await fetchSpecResponse(connectionUrl(server, "a%2Fb"));
    expect(slash.body.body.name).toBe("Slash");
    const space = await fetchSpecResponse(connectionUrl(server, encodeURIComponent("Q3 revenue")));
    expect(space.body.body.name).toBe("Space");
    const broken = await fetchSpecResponse(connectionUrl(server, "%E0%A4%A"));
    expect(broken.status).toBe(400);
    expect(broken.body.details[0].target).toBe("connectionId");
  });

  test("answers 404 in the same shape for every path the spec does not describe", async () => {
    const server = await start();
    const id = first.connectionId;
    for (const path of [
      "/",
      "/api/v1/connections",
      "/api/v1/connections/",
      `/api/v1/connections/${id}/`,
      `/api/v1/connections/${id}/status`,
      `/api/v2/connections/${id}`,
      `/s/wdata/prep/api/v1/connections/${id}`,
    ]) {
      const { status, body } = await fetchSpecResponse(`${server.url}${path}`);
      expect(status, path).toBe(404);
      expect(body).toEqual({ body: `No route for GET ${path}`, code: 404 });
    }
  });

  test("answers 405 with Allow: GET for another method on a connection", async () => {
    const server = await start();
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const { status, headers, body } = await fetchSpecResponse(
        connectionUrl(server, first.connectionId),
        { method, body: method === "DELETE" ? null : "{}" },
      );
      expect(status, method).toBe(405);
      expect(headers.get("allow")).toBe("GET");
      expect(body.body).toContain(method);
    }
  });

  test("gives every answer its own x-request-id, the one recorded for the request", async () => {
    const server = await start();
    const ids: (string | null)[] = [];
    for (const id of [first.connectionId, "nope", first.connectionId]) {
      ids.push((await fetchSpecResponse(connectionUrl(server, id))).headers.get("x-request-id"));
    }
    expect(new Set(ids).size).toBe(3);
    expect(server.requests.map((r) => r.requestId)).toEqual(ids);
  });

  test("allows pages on other origins: answers CORS preflights without recording them", async () => {
    const server = await start({ token: "s3cret" });
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
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization");
    expect(server.requests).toEqual([]);

    const { headers } = await fetchSpecResponse(connectionUrl(server, first.connectionId));
    expect(headers.get("access-control-allow-origin")).toBe("*");
    expect(headers.get("access-control-expose-headers")).toBe("retry-after, x-request-id");
  });
});

describe("token", () => {
  test("requires no token when none is set", async () => {
    const server = await start();
    const { status } = await fetchSpecResponse(connectionUrl(server, first.connectionId));
    expect(status).toBe(200);
  });

  test("answers 401 for a missing or wrong bearer token, before anything else", async () => {
    const server = await start({ token: "s3cret-token" });
    const attempts: [string, Record<string, string>][] = [
      ["missing", {}],
      ["wrong token", { authorization: "Bearer not-it" }],
      ["other scheme", { authorization: "Basic czNjcmV0LXRva2Vu" }],
      ["no token after the scheme", { authorization: "Bearer" }],
    ];
    for (const [name, headers] of attempts) {
      const answer = await fetchSpecResponse(connectionUrl(server, first.connectionId), {
        headers,
      });
      expect(answer.status, name).toBe(401);
      expect(answer.headers.get("www-authenticate"), name).toMatch(/^Bearer realm="Wdata Prep"/);
      expect(JSON.stringify(answer.body)).not.toContain("s3cret");
    }
    const unknownPath = await fetchSpecResponse(`${server.url}/elsewhere`);
    expect(unknownPath.status).toBe(401);
  });

  test("accepts the right token, whatever the case of the scheme name", async () => {
    const server = await start({ token: "s3cret-token" });
    for (const authorization of ["Bearer s3cret-token", "bearer s3cret-token"]) {
      const { status } = await fetchSpecResponse(connectionUrl(server, first.connectionId), {
        headers: { authorization },
      });
      expect(status, authorization).toBe(200);
    }
  });
});

describe("faults", () => {
  test("rate-limit answers the next N requests 429 with Retry-After, then the API answers again", async () => {
    const server = await start();
    server.fault({ type: "rate-limit", count: 2, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const { status, headers, body } = await fetchSpecResponse(
        connectionUrl(server, first.connectionId),
      );
      expect(status).toBe(429);
      expect(headers.get("retry-after")).toBe("7");
      expect(body).toEqual({ body: "Rate limit exceeded; retry later", code: 429 });
    }
    const after = await fetchSpecResponse(connectionUrl(server, first.connectionId));
    expect(after.status).toBe(200);
  });

  test("rate-limit defaults to one request and Retry-After: 1; null sends no Retry-After", async () => {
    const server = await start();
    server.fault({ type: "rate-limit" });
    server.fault({ type: "rate-limit", retryAfterSeconds: null });
    const byDefault = await fetchSpecResponse(connectionUrl(server, first.connectionId));
    expect(byDefault.headers.get("retry-after")).toBe("1");
    const without = await fetchSpecResponse(connectionUrl(server, first.connectionId));
    expect(without.status).toBe(429);
    expect(without.headers.has("retry-after")).toBe(false);
  });

  test("unavailable answers 503 with a SingleError body", async () => {
    const server = await start();
    server.fault({ type: "unavailable" });
    const { status, body } = await fetchSpecResponse(connectionUrl(server, first.connectionId));
    expect(status).toBe(503);
    expect(body.code).toBe(503);
  });

  test("drop closes the connection without an answer; the request is recorded, not aborted", async () => {
    const server = await start();
    server.fault({ type: "drop" });
    await expect(fetch(connectionUrl(server, first.connectionId))).rejects.toThrow(TypeError);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ status: undefined, aborted: false });
    const next = await fetchSpecResponse(connectionUrl(server, first.connectionId));
    expect(next.status).toBe(200);
  });

  test("queued faults answer requests in order, whatever their path", async () => {
    const server = await start();
    server.fault({ type: "rate-limit" });
    server.fault({ type: "unavailable", count: 2 });
    server.fault({ type: "drop" });
    const statuses: (number | string)[] = [];
    for (const path of ["/unknown", "/api/v1/connections/nope", "/", "/", "/", "/"]) {
      statuses.push(
        await fetchSpecResponse(`${server.url}${path}`).then(
          (answer) => answer.status,
          () => "dropped",
        ),
      );
    }
    expect(statuses).toEqual([429, 503, 503, "dropped", 404, 404]);
  });

  test("rejects a fault it cannot apply, naming the problem", async () => {
    const server = await start();
    const bad: [unknown, ErrorConstructor, RegExp][] = [
      [null, TypeError, /fault must be an object/],
      [{ type: "timeout" }, TypeError, /fault.type must be "rate-limit", "unavailable" or "drop"/],
      [{ type: "drop", count: 0 }, RangeError, /fault.count must be a positive integer, got 0/],
      [{ type: "drop", count: 1.5 }, RangeError, /fault.count/],
      [{ type: "rate-limit", retryAfterSeconds: -1 }, RangeError, /fault.retryAfterSeconds/],
      [
        { type: "drop", retryAfterSeconds: 5 },
        TypeError,
        /"drop" fault has no option "retryAfterSeconds"/,
      ],
    ];
    for (const [fault, errorClass, message] of bad) {
      expect(() => server.fault(fault as never), JSON.stringify(fault)).toThrow(errorClass);
      expect(() => server.fault(fault as never)).toThrow(message);
    }
    const { status } = await fetchSpecResponse(connectionUrl(server, first.connectionId));
    expect(status).toBe(200);
  });
});

describe("requests", () => {
  test("records each request in order, with credentials redacted", async () => {
    const server = await start({ token: "s3cret-token" });
    await fetchSpecResponse(
      connectionUrl(server, "a%2Fb", `?workspaceId=${first.workspaceId}&workspaceId=second`),
      { headers: { authorization: "Bearer s3cret-token", "x-trace": "one" } },
    );
    await fetchSpecResponse(`${server.url}/elsewhere`, {
      method: "POST",
      headers: { authorization: "Basic czNjcmV0", cookie: "session=abc" },
      body: "{}",
    });
    const [get, post] = server.requests;
    expect(get).toMatchObject({
      method: "GET",
      path: "/api/v1/connections/a%2Fb",
      query: { workspaceId: first.workspaceId },
      status: 404,
      aborted: false,
    });
    expect(get?.headers).toMatchObject({
      authorization: "Bearer [redacted]",
      "x-trace": "one",
      host: server.url.replace("http://", ""),
    });
    expect(post).toMatchObject({ method: "POST", path: "/elsewhere", query: {}, status: 401 });
    expect(post?.headers).toMatchObject({ authorization: "[redacted]", cookie: "[redacted]" });
    expect(JSON.stringify(server.requests)).not.toContain("s3cret");
  });

  test("reset() forgets recorded requests and queued faults", async () => {
    const server = await start();
    server.fault({ type: "unavailable", count: 5 });
    await fetchSpecResponse(connectionUrl(server, first.connectionId));
    expect(server.requests).toHaveLength(1);
    server.reset();
    expect(server.requests).toEqual([]);
    const { status } = await fetchSpecResponse(connectionUrl(server, first.connectionId));
    expect(status).toBe(200);
    expect(server.requests).toHaveLength(1);
  });
});

describe("latency and aborts", () => {
  test("a request aborted during latencyMs is recorded as aborted, quietly", async () => {
    const consoleError = vi.spyOn(console, "error");
    const consoleWarn = vi.spyOn(console, "warn");
    const server = await start({ latencyMs: 60_000 });
    const controller = new AbortController();
    const pending = fetch(connectionUrl(server, first.connectionId), { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await vi.waitFor(() => expect(server.requests[0]?.aborted).toBe(true));
    expect(server.requests[0]?.status).toBeUndefined();
    expect(consoleError).not.toHaveBeenCalled();
    expect(consoleWarn).not.toHaveBeenCalled();
  });

  test("a request answered after latencyMs is not aborted", async () => {
    const server = await start({ latencyMs: 20 });
    const { status } = await fetchSpecResponse(connectionUrl(server, first.connectionId));
    expect(status).toBe(200);
    expect(server.requests[0]).toMatchObject({ status: 200, aborted: false });
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
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    await server.close();
    expect(await outcome).toBeInstanceOf(TypeError);
    expect(server.requests[0]).toMatchObject({ status: undefined, aborted: false });
  });
});

describe("options", () => {
  test("listens on 127.0.0.1 and gives a base URL without a trailing slash", async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("listens on the given port, and rejects when that port is taken", async () => {
    const server = await start();
    const port = Number(new URL(server.url).port);
    const taken = startPrepMockServer({ port });
    await expect(taken).rejects.toThrow(`Cannot listen on 127.0.0.1:${port}`);
    await expect(taken).rejects.toMatchObject({ cause: { code: "EADDRINUSE" } });
  });

  test("serves the given connections instead of the seed, copied at start", async () => {
    const metadata: Record<string, unknown> = { owner: "Treasury" };
    const connections: Connection[] = [{ connectionId: "c1", name: "Mine", metadata }];
    const server = await start({ connections });
    connections.push({ connectionId: "c2" });
    metadata.owner = "Changed";
    const mine = await fetchSpecResponse(connectionUrl(server, "c1"));
    expect(mine.body.body).toEqual({
      connectionId: "c1",
      name: "Mine",
      metadata: { owner: "Treasury" },
    });
    expect((await fetchSpecResponse(connectionUrl(server, "c2"))).status).toBe(404);
    expect((await fetchSpecResponse(connectionUrl(server, first.connectionId))).status).toBe(404);
  });

  test.each<[string, unknown, ErrorConstructor, RegExp]>([
    ["options that are not an object", null, TypeError, /options must be an object, got null/],
    [
      "an unknown option",
      { latency: 5 },
      TypeError,
      /Unknown startPrepMockServer option "latency"/,
    ],
    ["a port below 0", { port: -1 }, RangeError, /port must be an integer from 0 to 65535, got -1/],
    ["a port above 65535", { port: 65536 }, RangeError, /got 65536/],
    ["a fractional port", { port: 80.5 }, RangeError, /got 80.5/],
    ["a port that is a string", { port: "4010" }, TypeError, /port must be a number, got "4010"/],
    ["an empty host", { host: "" }, TypeError, /host must be a non-empty string/],
    ["an empty token", { token: "" }, TypeError, /token must be a non-empty string/],
    [
      "a negative latency",
      { latencyMs: -1 },
      RangeError,
      /latencyMs must be from 0 to \d+, got -1/,
    ],
    ["a latency that is not a number", { latencyMs: Number.NaN }, RangeError, /latencyMs/],
    [
      "connections that are not an array",
      { connections: {} },
      TypeError,
      /connections must be an array/,
    ],
    [
      "a connection that is not an object",
      { connections: [null] },
      TypeError,
      /connections\[0\] must be an object/,
    ],
    [
      "a connection without connectionId",
      { connections: [{ connectionId: "a" }, { name: "No ID" }] },
      TypeError,
      /connections\[1\] has no connectionId/,
    ],
    [
      "two connections with one ID",
      { connections: [{ connectionId: "a" }, { connectionId: "a" }] },
      TypeError,
      /connections\[1\] repeats the connectionId "a"/,
    ],
  ])("rejects %s", async (_name, options, errorClass, message) => {
    const attempt = startPrepMockServer(options as PrepMockServerOptions);
    await expect(attempt).rejects.toThrow(errorClass);
    await expect(attempt).rejects.toThrow(message);
  });

  test("never quotes the token in an error", async () => {
    const attempt = startPrepMockServer({ token: "half secret" });
    await expect(attempt).rejects.toThrow(TypeError);
    await expect(attempt).rejects.not.toThrow(/half secret/);
  });
});
