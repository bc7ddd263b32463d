// @vitest-environment node
import { QueryClient } from "@tanstack/react-query";
import { seedConnections } from "@wdata-prep/mock-server";
import { describe, expect, test } from "vitest";
import { clientFor, mockServerPerFile } from "../test/harness.tsx";
import { connectionsInfiniteQueryOptions } from "./connections.ts";
import { forClient, prepKeys } from "./keys.ts";

const mockServer = mockServerPerFile();

describe("connectionsInfiniteQueryOptions, on a server with no React", () => {
  test("carry the key, the first page param, a staleTime and no retries of their own", () => {
    const client = clientFor(mockServer().url);
    const options = connectionsInfiniteQueryOptions(client, { destinationId: "d1", limit: 5 });
    expect(options.queryKey).toEqual(
      forClient(prepKeys.connectionList({ destinationId: "d1", limit: 5 }), client),
    );
    expect("initialPageParam" in options).toBe(true);
    expect(options.initialPageParam).toBeUndefined();
    expect(options.staleTime).toBe(60_000);
    expect(options.retry).toBe(false);
  });

  test("the next page param is the page's cursor, and none after the last page", () => {
    const options = connectionsInfiniteQueryOptions(clientFor(mockServer().url));
    const next = (cursor: string | undefined) =>
      options.getNextPageParam({ items: [], cursor }, [], undefined, [undefined]);
    expect(next("abc")).toBe("abc");
    expect(next(undefined)).toBeUndefined();
  });

  test("fetchInfiniteQuery gets the first page; the cache holds plain data", async () => {
    const queryClient = new QueryClient();
    const options = connectionsInfiniteQueryOptions(clientFor(mockServer().url), { limit: 40 });
    const data = await queryClient.fetchInfiniteQuery(options);
    expect(data.pages).toHaveLength(1);
    expect(data.pageParams).toEqual([undefined]);
    const [page] = data.pages;
    expect(page?.items).toEqual(seedConnections.slice(0, 40));
    expect(Object.keys(page ?? {})).toEqual(["items", "cursor"]);
    expect(typeof page?.cursor).toBe("string");
    expect(structuredClone(data)).toEqual(data);
    expect(mockServer().requests.map((r) => r.query)).toEqual([{ limit: "40" }]);
  });

  test("prefetchInfiniteQuery with pages stops at the last page", async () => {
    const queryClient = new QueryClient();
    const options = connectionsInfiniteQueryOptions(clientFor(mockServer().url), { limit: 20 });
    await queryClient.prefetchInfiniteQuery({ ...options, pages: 5 });
    const data = queryClient.getQueryData(options.queryKey);
    expect(data?.pages.map((page) => page.items.length)).toEqual([20, 20, 2]);
    expect(data?.pages.at(-1)?.cursor).toBeUndefined();
    expect(mockServer().requests).toHaveLength(3);
  });
});
