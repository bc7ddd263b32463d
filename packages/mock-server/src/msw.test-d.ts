import type { HttpHandler } from "msw";
import { setupServer } from "msw/node";
import { describe, expectTypeOf, test } from "vitest";
import type { PrepMockApi } from "./engine.ts";
import { createPrepHandlers, type PrepHandlers, type PrepHandlersOptions } from "./msw.ts";
import type { PrepMockServer } from "./server.ts";

describe("public types of the msw entry", () => {
  test("createPrepHandlers takes the API's options and baseUrl, not where a server listens", () => {
    expectTypeOf(createPrepHandlers).toBeCallableWith();
    expectTypeOf(createPrepHandlers).toBeCallableWith({
      baseUrl: ["https://h.eu.wdesk.com/s/wdata/prep", "/prep"],
      token: "t0k3n",
      runDurationMs: 0,
      latencyMs: 0,
      rateLimit: { requestsPerSecond: 5 },
      outcomes: {},
      connections: [{ connectionId: "c1" }],
    });
    expectTypeOf<{ port: 4010 }>().not.toExtend<PrepHandlersOptions>();
    expectTypeOf<{ baseUrl: URL }>().not.toExtend<PrepHandlersOptions>();
    expectTypeOf(createPrepHandlers).returns.toEqualTypeOf<PrepHandlers>();
  });

  test("its handlers go to setupServer, and its state is the server's", () => {
    const prep = createPrepHandlers();
    expectTypeOf(prep.handlers).toEqualTypeOf<readonly HttpHandler[]>();
    setupServer(...prep.handlers);
    expectTypeOf<PrepHandlers>().toExtend<PrepMockApi>();
    expectTypeOf<PrepMockServer>().toExtend<PrepMockApi>();
    // @ts-expect-error the handlers are MSW's to use: the list is read-only
    prep.handlers.push(prep.handlers[0] as HttpHandler);
  });
});
