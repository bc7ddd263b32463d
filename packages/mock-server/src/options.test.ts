import { rejectsWith } from "@wdata-prep/checks/rejection";
import type { Connection } from "@wdata-prep/core";
import { describe, expect, test } from "vitest";
import { connectionUrl, first, refresh, runStatus, sides, transports } from "../test/api.ts";
import { fetchSpecResponse } from "../test/fetchSpecResponse.ts";
import { type PrepMockServerOptions, resolveServerOptions } from "./options.ts";
import { startPrepMockServer } from "./server.ts";

describe.each(transports)("options, over $name", ({ start }) => {
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

  test("runs the given connections to complete, unless outcomes says otherwise", async () => {
    const server = await start({
      runDurationMs: 0,
      connections: [{ connectionId: "c1" }, { connectionId: "c2" }, { connectionId: "c3" }],
      outcomes: {
        c2: { type: "destination-error", error: "The sheet is gone." },
        c3: { type: "source-error" },
      },
    });
    const ends: string[] = [];
    for (const id of ["c1", "c2", "c3"]) {
      const { jobId } = (await refresh(server, id)).body.body;
      const { body } = (await runStatus(server, id, jobId)).body;
      ends.push(`${sides(body)} ${body.error ?? ""}`.trim());
    }
    expect(ends).toEqual([
      "complete/complete",
      "complete/error The sheet is gone.",
      "error/not_started The source could not be read. Check the source and run again.",
    ]);
    expect((await runStatus(server, "c1")).body.body).toMatchObject({
      connectionId: "c1",
      sourceStatus: "complete",
    });
  });

  test("applies outcomes on top of the seed's when serving the seed", async () => {
    const server = await start({
      runDurationMs: 0,
      outcomes: { [first.connectionId]: { type: "unwritable" } },
    });
    const refused = await refresh(server, first.connectionId);
    expect(refused.status).toBe(423);
    expect(refused.body.body).toContain("The destination is locked.");
    const failing = "9c1e3a5b7d0f4c2e8a6b4d2f0e8c6a4b";
    const { jobId } = (await refresh(server, failing)).body.body;
    expect(sides((await runStatus(server, failing, jobId)).body.body)).toBe("error/not_started");
  });
});

describe("options", () => {
  test("sets no rate limit by default, and a burst of one second's requests when none is given", () => {
    expect(resolveServerOptions(undefined).rateLimit).toBeUndefined();
    expect(resolveServerOptions({ rateLimit: { requestsPerSecond: 2.5 } }).rateLimit).toEqual({
      requestsPerSecond: 2.5,
      burst: 3,
    });
    expect(resolveServerOptions({ rateLimit: { requestsPerSecond: 0.1 } }).rateLimit?.burst).toBe(
      1,
    );
  });

  test("defaults to runs of two seconds, long enough to watch, and no delay", () => {
    const { runDurationMs, latencyMs } = resolveServerOptions(undefined);
    expect({ runDurationMs, latencyMs }).toEqual({ runDurationMs: 2000, latencyMs: 0 });
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
      "a negative run duration",
      { runDurationMs: -1 },
      RangeError,
      /runDurationMs must be from 0 to \d+, got -1/,
    ],
    [
      "a run duration that is a string",
      { runDurationMs: "2000" },
      TypeError,
      /runDurationMs must be a number, got "2000"/,
    ],
    [
      "an endless run duration",
      { runDurationMs: Number.POSITIVE_INFINITY },
      RangeError,
      /runDurationMs/,
    ],
    [
      "a rate limit that is a number",
      { rateLimit: 20 },
      TypeError,
      /rateLimit must be an object such as \{ requestsPerSecond: 20 \}, got number 20/,
    ],
    [
      "a rate limit of 0 requests per second",
      { rateLimit: { requestsPerSecond: 0 } },
      RangeError,
      /rateLimit.requestsPerSecond must be more than 0, got 0/,
    ],
    [
      "a rate limit without requestsPerSecond",
      { rateLimit: { burst: 5 } },
      TypeError,
      /rateLimit.requestsPerSecond must be a number, got undefined/,
    ],
    [
      "a fractional burst",
      { rateLimit: { requestsPerSecond: 5, burst: 2.5 } },
      RangeError,
      /rateLimit.burst must be a whole number, 1 or more, got number 2.5/,
    ],
    [
      "an unknown rate limit option",
      { rateLimit: { requestsPerSecond: 5, perIp: true } },
      TypeError,
      /rateLimit has no option "perIp"/,
    ],
    [
      "a negative bound of recorded requests",
      { maxRecordedRequests: -1 },
      RangeError,
      /maxRecordedRequests must be a whole number, 0 or more, or Infinity, got -1/,
    ],
    [
      "a fractional bound of recorded body bytes",
      { maxRecordedBodyBytes: 1.5 },
      RangeError,
      /maxRecordedBodyBytes must be a whole number, 0 or more, or Infinity, got 1.5/,
    ],
    [
      "a bound that is a string",
      { maxRecordedRequests: "10" },
      TypeError,
      /maxRecordedRequests must be a number, got "10"/,
    ],
    [
      "outcomes that are not an object",
      { outcomes: [] },
      TypeError,
      /outcomes must be an object of outcomes by connectionId, got an array/,
    ],
    [
      "an outcome for a connection not served",
      { connections: [{ connectionId: "a" }], outcomes: { b: { type: "complete" } } },
      TypeError,
      /outcomes names the connectionId "b", which is not among the served connections/,
    ],
    [
      "an outcome of an unknown type",
      { connections: [{ connectionId: "a" }], outcomes: { a: { type: "failed" } } },
      TypeError,
      /outcomes\["a"\].type must be "complete", "source-error", "destination-error", "cancelled" or "unwritable", got "failed"/,
    ],
    [
      "an outcome that is null",
      { connections: [{ connectionId: "a" }], outcomes: { a: null } },
      TypeError,
      /outcomes\["a"\] must be an object/,
    ],
    [
      "an error on an outcome that has none",
      { connections: [{ connectionId: "a" }], outcomes: { a: { type: "complete", error: "x" } } },
      TypeError,
      /a "complete" outcome has no option "error"/,
    ],
    [
      "an empty error",
      {
        connections: [{ connectionId: "a" }],
        outcomes: { a: { type: "source-error", error: " " } },
      },
      TypeError,
      /outcomes\["a"\].error must be a non-empty string/,
    ],
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
