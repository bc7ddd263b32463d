import type { Connection } from "@wdata-prep/core";
import { describe, expectTypeOf, test } from "vitest";
import type { MockFault } from "./faults.ts";
import { type MockRunOutcome, seedRunOutcomes } from "./index.ts";
import type { PrepMockServerOptions } from "./options.ts";
import type { RecordedRequest } from "./requests.ts";
import { seedConnections } from "./seed.ts";
import { type PrepMockServer, startPrepMockServer } from "./server.ts";

describe("public types", () => {
  test("startPrepMockServer takes no options or any of them, and resolves to a PrepMockServer", () => {
    expectTypeOf(startPrepMockServer).toBeCallableWith();
    expectTypeOf(startPrepMockServer).toBeCallableWith({
      port: 0,
      host: "::1",
      token: "t0k3n",
      connections: seedConnections,
      latencyMs: 250,
      runDurationMs: 0,
      outcomes: { c1: { type: "source-error", error: "The query failed." } },
      rateLimit: { requestsPerSecond: 20, burst: 40 },
      maxRecordedRequests: Number.POSITIVE_INFINITY,
      maxRecordedBodyBytes: 1024,
    });
    expectTypeOf(startPrepMockServer).toBeCallableWith({ outcomes: seedRunOutcomes });
    expectTypeOf(startPrepMockServer).toBeCallableWith({
      connections: [{ connectionId: "c1", sourceType: "wdata_query" }],
    });
    expectTypeOf(startPrepMockServer).returns.resolves.toEqualTypeOf<PrepMockServer>();
  });

  test("bad options are refused at compile time", () => {
    // Command-line values are strings: they must be parsed into numbers first.
    expectTypeOf<{ port: "4010" }>().not.toExtend<PrepMockServerOptions>();
    expectTypeOf<{ latencyMs: "250" }>().not.toExtend<PrepMockServerOptions>();
    expectTypeOf<{ runDurationMs: "2000" }>().not.toExtend<PrepMockServerOptions>();
    // Outcomes are by connectionId: a list of them is not.
    expectTypeOf<{ outcomes: MockRunOutcome[] }>().not.toExtend<PrepMockServerOptions>();
    // A rate limit says how many requests per second: a bare number does not.
    expectTypeOf<{ rateLimit: 20 }>().not.toExtend<PrepMockServerOptions>();
    expectTypeOf<{ rateLimit: { burst: 5 } }>().not.toExtend<PrepMockServerOptions>();
    // Connections are core's Connection, whose source and destination types are RecordTypes.
    expectTypeOf<{
      connections: [{ sourceType: "excel" }];
    }>().not.toExtend<PrepMockServerOptions>();
    // @ts-expect-error "latency" is not an option: the delay is `latencyMs`
    expectTypeOf(startPrepMockServer).toBeCallableWith({ latency: 250 });
  });

  test("a fault takes only the options of its type", () => {
    expectTypeOf<{ type: "rate-limit"; count: 2; retryAfterSeconds: null }>().toExtend<MockFault>();
    expectTypeOf<{ type: "unavailable"; count: 3 }>().toExtend<MockFault>();
    expectTypeOf<{ type: "drop" }>().toExtend<MockFault>();
    // There is no "timeout" fault: `latencyMs` makes a client time out.
    expectTypeOf<{ type: "timeout" }>().not.toExtend<MockFault>();
    expectTypeOf<{ type: "drop"; count: "2" }>().not.toExtend<MockFault>();
    const server = {} as PrepMockServer;
    // @ts-expect-error only a rate limit has a Retry-After
    server.fault({ type: "drop", retryAfterSeconds: 3 });
  });

  test("an outcome takes an error only where a run can fail or be refused", () => {
    expectTypeOf<{ type: "complete" }>().toExtend<MockRunOutcome>();
    expectTypeOf<{ type: "cancelled" }>().toExtend<MockRunOutcome>();
    expectTypeOf<{ type: "source-error" }>().toExtend<MockRunOutcome>();
    expectTypeOf<{ type: "destination-error"; error: "Gone." }>().toExtend<MockRunOutcome>();
    expectTypeOf<{ type: "unwritable"; error: "Locked." }>().toExtend<MockRunOutcome>();
    expectTypeOf<{ type: "failed" }>().not.toExtend<MockRunOutcome>();
    expectTypeOf<{ type: "source-error"; error: 42 }>().not.toExtend<MockRunOutcome>();
    // @ts-expect-error a complete run has no error
    const complete: MockRunOutcome = { type: "complete", error: "none" };
    expectTypeOf(complete).toEqualTypeOf<MockRunOutcome>();
  });

  test("recorded requests and the seed are read-only", () => {
    expectTypeOf<PrepMockServer["requests"]>().toEqualTypeOf<readonly RecordedRequest[]>();
    expectTypeOf<RecordedRequest["status"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RecordedRequest["bodyBytes"]>().toEqualTypeOf<number>();
    // A body is whatever JSON the client sent: read it after checking its shape.
    expectTypeOf<RecordedRequest["body"]>().toBeUnknown();
    const recorded = {} as RecordedRequest;
    // @ts-expect-error the server decides whether a request was aborted
    recorded.aborted = true;
    const server = {} as PrepMockServer;
    // @ts-expect-error `requests` is a copy to read; `reset()` forgets them
    server.requests.push(recorded);
    const connection: Connection = { connectionId: "c1" };
    // @ts-expect-error the seed is shared by every server: copy it before changing it
    seedConnections.push(connection);
    // @ts-expect-error so are the seed's outcomes
    seedRunOutcomes.c1 = { type: "complete" };
    // @ts-expect-error the server fills in the body it received
    recorded.body = {};
  });
});
