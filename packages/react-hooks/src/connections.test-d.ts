import { type InfiniteData, QueryClient, useInfiniteQuery } from "@tanstack/react-query";
import type { PrepClient, PrepError } from "@wdata-prep/fetch";
import { describe, expectTypeOf, test } from "vitest";
import { type ConnectionPageData, connectionsInfiniteQueryOptions } from "./connections.ts";

declare const client: PrepClient;
const queryClient = new QueryClient();

describe("connectionsInfiniteQueryOptions types", () => {
  test("the key carries the pages' type to the QueryClient", async () => {
    const options = connectionsInfiniteQueryOptions(client, { limit: 5 });
    // TanStack tags an infinite query's key with its pages, leaving their params unknown.
    expectTypeOf(queryClient.getQueryData(options.queryKey)).toEqualTypeOf<
      InfiniteData<ConnectionPageData, unknown> | undefined
    >();
    expectTypeOf(await queryClient.fetchInfiniteQuery(options)).toEqualTypeOf<
      InfiniteData<ConnectionPageData, string | undefined>
    >();
  });

  test("useInfiniteQuery takes them as they are; errors are PrepErrors", () => {
    const { data, error } = useInfiniteQuery(connectionsInfiniteQueryOptions(client));
    expectTypeOf(data).toEqualTypeOf<
      InfiniteData<ConnectionPageData, string | undefined> | undefined
    >();
    expectTypeOf(error).toEqualTypeOf<PrepError | null>();
  });

  test("a list takes filters and a limit, never a cursor or an offset", () => {
    connectionsInfiniteQueryOptions(client, { sourceType: "wdata_query", sourceId: "s1" });
    // @ts-expect-error sourceType needs sourceId
    connectionsInfiniteQueryOptions(client, { sourceType: "wdata_query" });
    // @ts-expect-error the pages follow the API's cursors
    connectionsInfiniteQueryOptions(client, { cursor: "c" });
    // @ts-expect-error the pages follow the API's cursors
    connectionsInfiniteQueryOptions(client, { offset: 10 });
    // @ts-expect-error a limit is a number
    connectionsInfiniteQueryOptions(client, { limit: "10" });
  });
});
