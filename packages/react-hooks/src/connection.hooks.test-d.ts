import type { UseQueryResult, UseSuspenseQueryResult } from "@tanstack/react-query";
import type { Connection } from "@wdata-prep/core";
import type { PrepClient, PrepError } from "@wdata-prep/fetch";
import { describe, expectTypeOf, test } from "vitest";
import { useConnection, useSuspenseConnection } from "./connection.hooks.ts";
import { connectionQueryOptions } from "./connection.ts";

declare const client: PrepClient;

describe("hook types", () => {
  test("useConnection: data is a Connection or undefined, error a PrepError or null", () => {
    const result = useConnection("c1", { workspaceId: "w1" });
    expectTypeOf(result.data).toEqualTypeOf<Connection | undefined>();
    expectTypeOf(result.error).toEqualTypeOf<PrepError | null>();
    expectTypeOf(result).toEqualTypeOf<UseQueryResult<Connection, PrepError>>();
  });

  test("useConnection accepts an absent ID", () => {
    expectTypeOf(useConnection).parameter(0).toEqualTypeOf<string | null | undefined>();
  });

  test("select changes the type of data", () => {
    const { data } = useConnection("c1", { select: (connection) => connection.lastRun });
    expectTypeOf(data).toEqualTypeOf<Connection["lastRun"] | undefined>();
  });

  test("unknown options and the options the hook owns are rejected", () => {
    // @ts-expect-error not an option
    useConnection("c1", { workspace: "w1" });
    // @ts-expect-error the hook owns the key
    useConnection("c1", { queryKey: ["x"] });
  });

  test("useSuspenseConnection: data is always a Connection", () => {
    const { data, error } = useSuspenseConnection("c1");
    expectTypeOf(data).toEqualTypeOf<Connection>();
    expectTypeOf(error).toEqualTypeOf<PrepError | null>();
    expectTypeOf(useSuspenseConnection("c1")).toEqualTypeOf<
      UseSuspenseQueryResult<Connection, PrepError>
    >();
  });

  test("connectionQueryOptions carries a typed key", () => {
    const options = connectionQueryOptions(client, "c1");
    expectTypeOf(options.queryKey).toExtend<
      readonly ["wdata-prep", "connections", string | null | undefined, { workspaceId?: string }]
    >();
  });
});
