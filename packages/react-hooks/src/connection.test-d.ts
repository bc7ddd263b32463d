import { QueryClient, useQuery, useSuspenseQuery } from "@tanstack/react-query";
import type { Connection } from "@wdata-prep/core";
import type { PrepClient, PrepError } from "@wdata-prep/fetch";
import { describe, expectTypeOf, test } from "vitest";
import { connectionQueryOptions } from "./connection.ts";

declare const client: PrepClient;
const queryClient = new QueryClient();

describe("connectionQueryOptions types", () => {
  test("the key carries the data type to the QueryClient", async () => {
    const options = connectionQueryOptions(client, "c1", { workspaceId: "w1" });
    expectTypeOf(queryClient.getQueryData(options.queryKey)).toEqualTypeOf<
      Connection | undefined
    >();
    expectTypeOf(await queryClient.fetchQuery(options)).toEqualTypeOf<Connection>();
  });

  test("useQuery and useSuspenseQuery take the options as they are, or with a select", () => {
    const { data, error } = useQuery(connectionQueryOptions(client, "c1"));
    expectTypeOf(data).toEqualTypeOf<Connection | undefined>();
    expectTypeOf(error).toEqualTypeOf<PrepError | null>();
    const { data: name } = useSuspenseQuery({
      ...connectionQueryOptions(client, "c1"),
      select: (connection) => connection.name,
    });
    expectTypeOf(name).toEqualTypeOf<Connection["name"]>();
  });

  test("needs an ID and takes only the request options", () => {
    // @ts-expect-error loaders and servers know the ID they prefetch
    connectionQueryOptions(client, undefined);
    // @ts-expect-error not an option
    connectionQueryOptions(client, "c1", { workspace: "w1" });
  });
});
