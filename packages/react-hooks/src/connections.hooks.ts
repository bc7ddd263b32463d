"use client";

// Lists of connections in React: a hook that spreads connectionsInfiniteQueryOptions
// (connections.ts) and adds the options a component passes.
import {
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
 * Options of {@link useConnections}: `timeoutMs` and `maxRetries` for its requests, plus any
 * TanStack `useInfiniteQuery` option but those that make the paging. Unset options take the
 * defaults of `connectionsInfiniteQueryOptions` (`staleTime` 60 s, `retry: false`), then
 * TanStack's.
 * @default {}
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
 * @param query - The filters and page size; by default `{}`, every connection by the API's page
 * size.
 * @typeParam TData - What `select` returns; `ConnectionsData` without one.
 * @example
 * const { data, fetchNextPage, hasNextPage } = useConnections({ destinationId, limit: 50 });
 * const connections = data?.pages.flatMap((page) => page.items) ?? [];
 */
export function useConnections<TData = ConnectionsData>(
  query: ConnectionsQuery = {},
  options: UseConnectionsOptions<TData> = {},
): UseInfiniteQueryResult<TData, PrepError> {
  const client = usePrepClient();
  const { timeoutMs, maxRetries, ...queryOptions } = options;
  return useInfiniteQuery({
    ...connectionsInfiniteQueryOptions<TData>(client, query, { timeoutMs, maxRetries }),
    ...queryOptions,
  });
}
