import { rejectsWith } from "@wdata-prep/checks/rejection";
import { describe, expect, test } from "vitest";
import { envelope, token } from "../test/fixtures.ts";
import { reply, startTestServer } from "../test/startTestServer.ts";
import { createPrepClient } from "./client.ts";
import { InternalServerError, PrepApiError, PrepError, PrepTimeoutError } from "./errors.ts";

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

    const error = await rejectsWith(prep.getConnection("c1", { timeoutMs: 50 }), PrepTimeoutError);

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
