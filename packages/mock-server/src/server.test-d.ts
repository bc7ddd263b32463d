import type { Connection } from "@wdata-prep/core";
import { describe, expectTypeOf, test } from "vitest";
import type { MockFault } from "./faults.ts";
import type { PrepMockServerOptions } from "./options.ts";
import { seedConnections } from "./seed.ts";
import { type PrepMockServer, type RecordedRequest, startPrepMockServer } from "./server.ts";

describe("public types", () => {
  test("startPrepMockServer takes optional options and resolves to a PrepMockServer", () => {
    expectTypeOf(startPrepMockServer)
      .parameter(0)
      .toEqualTypeOf<PrepMockServerOptions | undefined>();
    expectTypeOf(startPrepMockServer).returns.resolves.toEqualTypeOf<PrepMockServer>();
    expectTypeOf(seedConnections).toEqualTypeOf<readonly Connection[]>();
  });

  test("options take core's Connection type, including the frozen seed", () => {
    expectTypeOf({ connections: seedConnections }).toExtend<PrepMockServerOptions>();
    // @ts-expect-error "excel" is not a RecordType
    const wrong: PrepMockServerOptions = { connections: [{ sourceType: "excel" }] };
    expectTypeOf(wrong).toEqualTypeOf<PrepMockServerOptions>();
  });

  test("a fault takes only the options of its type", () => {
    expectTypeOf({
      type: "rate-limit",
      count: 2,
      retryAfterSeconds: null,
    } as const).toExtend<MockFault>();
    expectTypeOf({ type: "drop" } as const).toExtend<MockFault>();
    // @ts-expect-error only a rate limit has a Retry-After
    const drop: MockFault = { type: "drop", retryAfterSeconds: 3 };
    // @ts-expect-error there is no "timeout" fault
    const timeout: MockFault = { type: "timeout" };
    expectTypeOf([drop, timeout]).items.toEqualTypeOf<MockFault>();
  });

  test("recorded requests are read-only", () => {
    expectTypeOf<PrepMockServer["requests"]>().toEqualTypeOf<readonly RecordedRequest[]>();
    expectTypeOf<RecordedRequest["status"]>().toEqualTypeOf<number | undefined>();
    const recorded = {} as RecordedRequest;
    // @ts-expect-error the server decides whether a request was aborted
    recorded.aborted = true;
  });
});
