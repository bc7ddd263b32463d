// The engine over both transports: what it records of each request, the headers of its answers,
// latency and aborts, and the bodies it refuses to read.
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { connectionUrl, eventually, first, transports } from "../test/api.ts";
import { fetchSpecResponse } from "../test/fetchSpecResponse.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(transports)("over $name", ({ start }) => {
  test("gives every answer its own x-request-id, the one recorded for the request", async () => {
    const server = await start();
    const ids: (string | null)[] = [];
    for (const id of [first.connectionId, "nope", first.connectionId]) {
      ids.push((await fetchSpecResponse(connectionUrl(server, id))).headers.get("x-request-id"));
    }
    expect(new Set(ids).size).toBe(3);
    expect(server.requests.map((r) => r.requestId)).toEqual(ids);
  });

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
    });
    expect(post).toMatchObject({ method: "POST", path: "/elsewhere", query: {}, status: 401 });
    expect(post?.headers).toMatchObject({ authorization: "[redacted]", cookie: "[redacted]" });
    expect(JSON.stringify(server.requests)).not.toContain("s3cret");
  });

  test("records a query parameter named like a credential redacted, as it does a body field", async () => {
    const server = await start();
    const { status } = await fetchSpecResponse(
      connectionUrl(
        server,
        first.connectionId,
        `?access_token=s3cret&workspaceId=${first.workspaceId}&API-Key=k3y&client_secret=`,
      ),
    );
    expect(status).toBe(200);
    expect(server.requests[0]?.query).toEqual({
      access_token: "[redacted]",
      workspaceId: first.workspaceId,
      "API-Key": "[redacted]",
      client_secret: "[redacted]",
    });
    expect(JSON.stringify(server.requests)).not.toMatch(/s3cret|k3y/);
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

  test("a request aborted during latencyMs is recorded as aborted, quietly", async () => {
    const consoleError = vi.spyOn(console, "error");
    const consoleWarn = vi.spyOn(console, "warn");
    const server = await start({ latencyMs: 60_000 });
    const controller = new AbortController();
    const pending = fetch(connectionUrl(server, first.connectionId), { signal: controller.signal });
    await eventually(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await eventually(() => expect(server.requests[0]?.aborted).toBe(true));
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

  test("many requests waiting out latencyMs at once raise no warning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    onTestFinished(() => {
      process.off("warning", onWarning);
    });
    const server = await start({ latencyMs: 50 });
    const statuses = await Promise.all(
      Array.from({ length: 25 }, async () => {
        return (await fetchSpecResponse(connectionUrl(server, first.connectionId))).status;
      }),
    );
    expect(statuses).toEqual(Array(25).fill(200));
    // A warning is emitted on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
  });

  /** A JSON value nested `depth` deep, in a few bytes per level. */
  const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
  const deepParameters = (depth: number) =>
    `{"sourceParameters":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`;

  test("a body nested thousands deep is answered 400, naming why", async () => {
    const server = await start();
    for (const body of [nested(4000), deepParameters(2500)]) {
      const { status, body: answer } = await fetchSpecResponse(
        `${connectionUrl(server, first.connectionId)}/refresh`,
        { method: "POST", headers: { "content-type": "application/json" }, body },
      );
      expect(status).toBe(400);
      expect(answer.details).toEqual([
        {
          code: "invalid_body",
          message: "The body is nested more than 1000 levels deep",
          target: "body",
        },
      ]);
    }
    expect(server.requests.map((request) => request.body)).toEqual([undefined, undefined]);
  });

  test("a body nested up to the limit is read, and kept in requests with credentials redacted", async () => {
    const server = await start({ runDurationMs: 0 });
    const depth = 1000 - 2;
    const parameters = `${'{"a":'.repeat(depth - 1)}{"token":"s3cret"}${"}".repeat(depth - 1)}`;
    const { status, body } = await fetchSpecResponse(
      `${connectionUrl(server, first.connectionId)}/refresh`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"sourceParameters":{"p":${parameters}}}`,
      },
    );
    expect(status).toBe(200);
    expect(JSON.stringify(body.body.sourceParameters)).toContain("s3cret");
    const recorded = JSON.stringify(server.requests[0]?.body);
    expect(recorded).not.toContain("s3cret");
    expect(recorded).toContain('{"token":"[redacted]"}');
  });
});
