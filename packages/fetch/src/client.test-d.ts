import type { Connection, paths } from "@wdata-prep/core";
import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import { createPrepClient, type PrepClient } from "./client.ts";
import type { GetConnectionOptions } from "./connections.ts";

const prep = createPrepClient({ token: "t" });

describe("createPrepClient", () => {
  test("returns a PrepClient whose getConnection resolves to a Connection", () => {
    expectTypeOf(prep).toEqualTypeOf<PrepClient>();
    expectTypeOf(prep.getConnection("c1")).resolves.toEqualTypeOf<Connection>();
    expectTypeOf(prep.getConnection).parameter(1).toEqualTypeOf<GetConnectionOptions | undefined>();
  });

  test("raw is the openapi-fetch client typed by the API's paths", () => {
    expectTypeOf(prep.raw).toEqualTypeOf<Client<paths>>();
    async () => {
      const { data } = await prep.raw.GET("/api/v1/connections/{connectionId}", {
        params: { path: { connectionId: "c1" }, query: { workspaceId: "w" } },
      });
      expectTypeOf(data?.body).toEqualTypeOf<Connection | undefined>();
      // @ts-expect-error the path parameter is required
      await prep.raw.GET("/api/v1/connections/{connectionId}", {});
      // @ts-expect-error no such path
      await prep.raw.GET("/api/v1/connection/{id}");
    };
  });

  test("takes every documented option, each optional, in every region", () => {
    createPrepClient();
    createPrepClient({
      region: "eu",
      baseUrl: "https://proxy.example.com/prep",
      token: async () => "t",
      maxRetries: 0,
      timeoutMs: 5_000,
      fetch: globalThis.fetch,
      headers: { "x-trace": "1" },
    });
    createPrepClient({
      clientCredentials: {
        clientId: "i",
        clientSecret: "s",
        tokenUrl: "https://idp/t",
        scope: "a",
      },
    });
    createPrepClient({ region: "us", token: () => "t" });
    createPrepClient({ region: "apac" });
  });

  test("rejects wrong option names and values", () => {
    // @ts-expect-error no `retries` option
    createPrepClient({ retries: 3 });
    // @ts-expect-error no `timeout` option
    createPrepClient({ timeout: 1000 });
    // @ts-expect-error not a region
    createPrepClient({ region: "mars" });
    // @ts-expect-error a token is a string or a function returning one
    createPrepClient({ token: 42 });
    // @ts-expect-error the secret is `clientSecret`
    createPrepClient({ clientCredentials: { clientId: "i", secret: "s" } });
    // @ts-expect-error extra headers are strings
    createPrepClient({ headers: { "x-retry": 1 } });
    // @ts-expect-error no `workspace` option
    prep.getConnection("c1", { workspace: "w" });
    // @ts-expect-error no `retries` option
    prep.getConnection("c1", { retries: 1 });
    // @ts-expect-error the connection ID is a string
    prep.getConnection(42);
    // @ts-expect-error the workspace ID is a string
    prep.getConnection("c1", { workspaceId: 7 });
    // @ts-expect-error the signal is an AbortSignal
    prep.getConnection("c1", { signal: new AbortController() });
  });
});
