import type { Connection } from "@wdata-prep/core";
import type { PrepError } from "@wdata-prep/fetch";
import { describe, expectTypeOf, test } from "vitest";
import { useConnection, useSuspenseConnection } from "./connection.hooks.ts";

describe("useConnection types", () => {
  test("data is a Connection, defined once the query succeeds; error is a PrepError", () => {
    const result = useConnection("c1", { workspaceId: "w1" });
    expectTypeOf(result.data).toEqualTypeOf<Connection | undefined>();
    expectTypeOf(result.error).toEqualTypeOf<PrepError | null>();
    if (result.isSuccess) expectTypeOf(result.data).toEqualTypeOf<Connection>();
    if (result.isError) expectTypeOf(result.error).toEqualTypeOf<PrepError>();
  });

  test("select receives a Connection and decides the type of data", () => {
    const { data } = useConnection("c1", {
      select: (connection) => {
        expectTypeOf(connection).toEqualTypeOf<Connection>();
        return connection.lastRun;
      },
    });
    expectTypeOf(data).toEqualTypeOf<Connection["lastRun"] | undefined>();
  });

  test("an ID may be missing while it loads, but must be a string", () => {
    useConnection(undefined);
    useConnection(null);
    useConnection("");
    // @ts-expect-error an ID is a string
    useConnection(42);
  });

  test("unknown options, ill-typed limits and the options the hook owns are refused", () => {
    // @ts-expect-error not an option
    useConnection("c1", { workspace: "w1" });
    // @ts-expect-error a time limit is a number of milliseconds
    useConnection("c1", { timeoutMs: "5s" });
    // @ts-expect-error the hook owns the key
    useConnection("c1", { queryKey: ["x"] });
    // @ts-expect-error the hook owns the query function
    useConnection("c1", { queryFn: () => Promise.resolve({}) });
  });
});

describe("useSuspenseConnection types", () => {
  test("data is always a Connection, or what select makes of it; error is a PrepError", () => {
    const { data, error } = useSuspenseConnection("c1");
    expectTypeOf(data).toEqualTypeOf<Connection>();
    expectTypeOf(error).toEqualTypeOf<PrepError | null>();
    const { data: name } = useSuspenseConnection("c1", { select: (c) => c.name });
    expectTypeOf(name).toEqualTypeOf<Connection["name"]>();
  });

  test("needs an ID and cannot be disabled", () => {
    // @ts-expect-error a suspending query cannot wait for an ID
    useSuspenseConnection(undefined);
    // @ts-expect-error a suspending query is always enabled
    useSuspenseConnection("c1", { enabled: false });
  });
});
