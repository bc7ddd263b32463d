import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  dehydrate,
  HydrationBoundary,
  QueryClient,
  type UseInfiniteQueryResult,
} from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { BadRequestError, PrepError } from "@wdata-prep/fetch";
import { seedConnections } from "@wdata-prep/mock-server";
import type { ReactNode } from "react";
import { describe, expect, onTestFinished, test } from "vitest";
import { clientFor, mockServerPerFile, providers, workbook } from "../test/harness.tsx";
import { useConnections } from "./connections.hooks.ts";
import { type ConnectionsData, connectionsInfiniteQueryOptions } from "./connections.ts";
import { forClient, prepKeys } from "./keys.ts";

const mockServer = mockServerPerFile();
const listRequests = () => mockServer().requests.filter((r) => r.path === "/api/v1/connections");

/** Fetches the next page `count` times, each once the one before is rendered. */
async function fetchPages(
  result: { current: UseInfiniteQueryResult<ConnectionsData, PrepError> },
  count: number,
) {
  for (let n = 0; n < count; n++) {
    const shown = result.current.data?.pages.length ?? 0;
    expect(result.current.hasNextPage).toBe(true);
    await act(() => result.current.fetchNextPage());
    await waitFor(() => expect(result.current.data?.pages).toHaveLength(shown + 1));
  }
}

describe("useConnections", () => {
  test("pages through every connection, each page asked for once, the first with no cursor", async () => {
    const { wrapper } = providers(clientFor(mockServer().url));
    const { result } = renderHook(() => useConnections({ limit: 10 }), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    await fetchPages(result, 4);

    expect(result.current.hasNextPage).toBe(false);
    const pages = result.current.data?.pages ?? [];
    expect(pages.map((page) => page.items.length)).toEqual([10, 10, 10, 10, 2]);
    expect(pages.flatMap((page) => page.items)).toEqual(seedConnections);
    const cursors = pages.map((page) => page.cursor);
    expect(cursors.slice(0, 4).every((cursor) => typeof cursor === "string")).toBe(true);
    expect(cursors[4]).toBeUndefined();
    // The first page is sent with no cursor at all; each next one with the cursor before it.
    expect(listRequests().map((r) => r.query)).toEqual([
      { limit: "10" },
      ...cursors.slice(0, 4).map((cursor) => ({ cursor })),
    ]);
    expect(result.current.data?.pageParams).toEqual([undefined, ...cursors.slice(0, 4)]);
  });

  test("sends the filters with every page, and the limit with the first", async () => {
    const { destinationId, connections } = workbook;
    const { wrapper } = providers(clientFor(mockServer().url));
    const { result } = renderHook(() => useConnections({ destinationId, limit: 3 }), {
      wrapper,
    });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    await fetchPages(result, 2);

    expect(result.current.hasNextPage).toBe(false);
    const pages = result.current.data?.pages ?? [];
    expect(pages.map((page) => page.items.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((page) => page.items)).toEqual(connections);
    expect(listRequests().map((r) => r.query)).toEqual([
      { destinationId, limit: "3" },
      { destinationId, cursor: pages[0]?.cursor },
      { destinationId, cursor: pages[1]?.cursor },
    ]);
  });

  test("invalidating prepKeys.connectionLists() fetches every loaded page again, in order", async () => {
    const { wrapper, queryClient } = providers(clientFor(mockServer().url));
    const { result } = renderHook(() => useConnections({ limit: 15 }), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    await fetchPages(result, 1);
    const before = listRequests().map((r) => r.query);
    expect(before).toHaveLength(2);

    await act(() => queryClient.invalidateQueries({ queryKey: prepKeys.connectionLists() }));
    expect(listRequests().map((r) => r.query)).toEqual([...before, ...before]);
    await waitFor(() => expect(result.current.isFetching).toBe(false));
    expect(result.current.data?.pages).toHaveLength(2);
  });

  test("a query the client refuses is a PrepError, and nothing is sent", async () => {
    const { wrapper } = providers(clientFor(mockServer().url));
    const { result } = renderHook(() => useConnections({ limit: 0 }), { wrapper });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toBeInstanceOf(PrepError);
    expect(result.current.error?.message).toMatch(/limit/);
    expect(listRequests()).toEqual([]);
  });

  test("a query the API refuses is a BadRequestError from one request", async () => {
    // A type that is no filter is refused by the client, before any request: this API refuses
    // a destination of its own accord.
    const requests: (string | undefined)[] = [];
    const api = createServer((request, response) => {
      requests.push(request.url);
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ body: "d is not a destination", code: 400 }));
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => new Promise<void>((resolve) => api.close(() => resolve())));
    const { port } = api.address() as AddressInfo;
    const { wrapper } = providers(clientFor(`http://127.0.0.1:${port}`));
    const { result } = renderHook(
      () => useConnections({ destinationType: "spreadsheet", destinationId: "d" }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toBeInstanceOf(BadRequestError);
    expect(requests).toHaveLength(1);
  });

  test("pages prefetched and dehydrated on a server are shown without a request, and paging goes on", async () => {
    const client = clientFor(mockServer().url);
    const server = new QueryClient();
    await server.prefetchInfiniteQuery({
      ...connectionsInfiniteQueryOptions(client, { limit: 10 }),
      pages: 3,
    });
    expect(listRequests()).toHaveLength(3);
    // What a server sends a browser: JSON, with no functions and no class instances.
    const state = JSON.parse(JSON.stringify(dehydrate(server)));

    const { wrapper: Providers, fetches } = providers(client);
    const wrapper = ({ children }: { children: ReactNode }) => (
      <Providers>
        <HydrationBoundary state={state}>{children}</HydrationBoundary>
      </Providers>
    );
    const { result } = renderHook(() => useConnections({ limit: 10 }), { wrapper });
    expect(result.current.data?.pages.flatMap((page) => page.items)).toEqual(
      seedConnections.slice(0, 30),
    );
    expect(fetches).toEqual([]);

    await fetchPages(result, 1);
    expect(listRequests()).toHaveLength(4);
    expect(listRequests()[3]?.query).toEqual({
      cursor: result.current.data?.pages[2]?.cursor,
    });
    expect(fetches).toEqual([forClient(prepKeys.connectionList({ limit: 10 }), client)]);
  });
});
