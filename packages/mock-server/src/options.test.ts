import { rejectsWith } from "@wdata-prep/checks/rejection";
import type { Connection } from "@wdata-prep/core";
import { describe, expect, test } from "vitest";
import { fetchSpecResponse } from "../test/fetchSpecResponse.ts";
import { connectionUrl, first, startServer } from "../test/startServer.ts";
import type { PrepMockServerOptions } from "./options.ts";
import { startPrepMockServer } from "./server.ts";

describe("options", () => {
  test("serves the given connections instead of the seed, copied at start", async () => {
    const metadata: Record<string, unknown> = { owner: "Treasury" };
    const connections: Connection[] = [{ connectionId: "c1", name: "Mine", metadata }];
    const server = await startServer({ connections });
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
    const error = await rejectsWith(startPrepMockServer({ token: "half secret" }), TypeError);
    expect(error.message).toMatch(/^token must be a non-empty string of visible ASCII characters/);
    expect(error.message).not.toContain("half secret");
    expect(error.cause).toBeUndefined();
  });
});
