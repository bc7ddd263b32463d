"use client";

// Lists of connections in React: a hook that spreads connectionsInfiniteQueryOptions
// (connections.ts) and adds the options a component passes.
import {
  type QueryClient,
  type UseInfiniteQueryOptions,
  type UseInfiniteQueryResult,
  useInfiniteQuery,
} from "@tanstack/react-query";
import type { PrepError } from "@wdata-prep/fetch";
import type { RequestLimits } from "./connection.ts";
import {
  type ConnectionListQueryKey,
  type ConnectionPageData,
  type ConnectionsData,
  type ConnectionsQuery,
  connectionsInfiniteQueryOptions,
} from "./connections.ts";
import { usePrepClient } from "./context.tsx";

/**
 * Options of {@link useConnections}: limits for its requests, and any TanStack
 * `useInfiniteQuery` option but the key, the function and those that make the paging. Unset ones
 * take `connectionsInfiniteQueryOptions`'s defaults, then TanStack's.
 */
export type UseConnectionsOptions<TData = ConnectionsData> = RequestLimits &
  Omit<
    UseInfiniteQueryOptions<
      ConnectionPageData,
      PrepError,
      TData,
      ConnectionListQueryKey,
      string | undefined
    >,
    "queryKey" | "queryFn" | "initialPageParam" | "getNextPageParam" | "getPreviousPageParam"
  >;

/**
 * Lists connections page by page: `data.pages[n].items` holds each page's connections,
 * `fetchNextPage()` gets the next one, and `hasNextPage` says whether there is one. The first
 * page is asked for with no cursor, each next one with the cursor of the page before. Unmounting
 * cancels the request in flight.
 *
 * @param query - The filters and page size; without one, every connection by the API's page size.
 * @param options - Limits for the requests, and TanStack options.
 * @param queryClient - The `QueryClient` to use instead of the one in context.
 * @typeParam TData - What `select` returns; `ConnectionsData` without one.
 * @example
 * const { data, fetchNextPage, hasNextPage } = useConnections({ destinationId, limit: 50 });
 * const connections = data?.pages.flatMap((page) => page.items) ?? [];
 */
export function useConnections<TData = ConnectionsData>(
  query: ConnectionsQuery = {},
  options: UseConnectionsOptions<TData> = {},
  queryClient?: QueryClient,
): UseInfiniteQueryResult<TData, PrepError> {
  const client = usePrepClient();
  const { timeoutMs, maxRetries, ...tanstack } = options;
  return useInfiniteQuery(
    {
      ...connectionsInfiniteQueryOptions<TData>(client, query, { timeoutMs, maxRetries }),
      ...tanstack,
    },
    queryClient,
  );
}
