import { rejectsWith } from "@wdata-prep/checks/rejection";
import { describe, expect, test } from "vitest";
import { envelope, token } from "../test/fixtures.ts";
import { reply, startTestServer, type TestServer } from "../test/startTestServer.ts";
import { createPrepClient } from "./client.ts";
import { PrepConnectionError, PrepConnectionTimeoutError } from "./errors.ts";

// `prep.raw` sends any method of any path: the retry rule of `send.ts` holds for it by the
// method it was called with, as for the typed methods.

const refreshPath = "/api/v1/connections/{connectionId}/refresh";
const connectionPath = "/api/v1/connections/{connectionId}";
const params = { path: { connectionId: "c1" } };

/** A server that never answers: each attempt runs out its time limit. */
const silent = () => startTestServer(() => {});
/** A server that drops the connection of every request it received, without an answer. */
const resetting = () => startTestServer((_, res) => res.socket?.destroy());

/** The methods and paths of what `server` received. */
const received = (server: TestServer) => server.requests.map((r) => `${r.method} ${r.url}`);

describe("the raw client's retries", () => {
  // Long enough for each attempt to reach the server even on a busy machine.
  const timeoutMs = 500;

  test("a POST is sent once after a timeout: it may have reached the server", async () => {
    const server = await silent();
    const prep = createPrepClient({ baseUrl: server.url, token, timeoutMs, maxRetries: 2 });

    await rejectsWith(prep.raw.POST(refreshPath, { params, body: {} }), PrepConnectionTimeoutError);

    expect(received(server)).toEqual(["POST /api/v1/connections/c1/refresh"]);
  });

  test("a POST is sent once after a connection reset: it may have reached the server", async () => {
    const server = await resetting();
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 2 });

    const error = await rejectsWith(
      prep.raw.POST(refreshPath, { params, body: {} }),
      PrepConnectionError,
    );

    expect(error).not.toBeInstanceOf(PrepConnectionTimeoutError);
    expect(received(server)).toEqual(["POST /api/v1/connections/c1/refresh"]);
  });

  test("a GET is sent again after a timeout", async () => {
    const server = await silent();
    const prep = createPrepClient({ baseUrl: server.url, token, timeoutMs, maxRetries: 1 });

    await rejectsWith(prep.raw.GET(connectionPath, { params }), PrepConnectionTimeoutError);

    expect(received(server)).toEqual(Array(2).fill("GET /api/v1/connections/c1"));
  });

  test("a GET is sent again after a connection reset, and a retry that is answered succeeds", async () => {
    const server = await startTestServer((_, res, index) =>
      index === 0 ? res.socket?.destroy() : reply(res, 200, envelope),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 1 });

    const { data, response } = await prep.raw.GET(connectionPath, { params });

    expect([response.status, data]).toEqual([200, envelope]);
    expect(received(server)).toEqual(Array(2).fill("GET /api/v1/connections/c1"));
  });

  test("a HEAD is sent again after a connection reset, as a GET is", async () => {
    const server = await resetting();
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 1 });
    const head = prep.raw.HEAD as unknown as typeof prep.raw.GET;

    await rejectsWith(head(connectionPath, { params }), PrepConnectionError);

    expect(received(server)).toEqual(Array(2).fill("HEAD /api/v1/connections/c1"));
  });

  test("raw.request() goes by the method it is given, in any case", async () => {
    const server = await resetting();
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 1 });

    await rejectsWith(prep.raw.request("get", connectionPath, { params }), PrepConnectionError);
    await rejectsWith(
      prep.raw.request("post", refreshPath, { params, body: {} }),
      PrepConnectionError,
    );

    expect(received(server)).toEqual([
      "GET /api/v1/connections/c1",
      "GET /api/v1/connections/c1",
      "POST /api/v1/connections/c1/refresh",
    ]);
  });
});
