"use client";

// One connection in React: hooks that spread connectionQueryOptions (connection.ts) and add the
// options a component passes.
import {
  skipToken,
  type UseQueryOptions,
  type UseQueryResult,
  type UseSuspenseQueryOptions,
  type UseSuspenseQueryResult,
  useQuery,
  useSuspenseQuery,
} from "@tanstack/react-query";
import type { Connection } from "@wdata-prep/core";
import type { PrepError } from "@wdata-prep/fetch";
import {
  type ConnectionQueryKey,
  type ConnectionRequestOptions,
  connectionQueryOptions,
} from "./connection.ts";
import { usePrepClient } from "./context.tsx";
import { forClient, isId, prepKeys } from "./keys.ts";

/**
 * Options of {@link useConnection}: the request options, plus any TanStack `useQuery` option.
 * Unset options take the defaults of `connectionQueryOptions` (`staleTime` 60 s, `retry: false`),
 * then TanStack's.
 * @default {}
 */
export type UseConnectionOptions<TData = Connection> = ConnectionRequestOptions &
  Omit<UseQueryOptions<Connection, PrepError, TData, ConnectionQueryKey>, "queryKey" | "queryFn">;

/**
 * Fetches a connection's details. While `connectionId` is empty, blank, `null` or `undefined`
 * the query waits: it stays pending and sends nothing, whatever `enabled` says. Unmounting
 * cancels the request in flight.
 *
 * @typeParam TData - What `select` returns; `Connection` without one.
 * @example
 * const { data, error, isPending } = useConnection(connectionId, { workspaceId });
 */
export function useConnection<TData = Connection>(
  connectionId: string | null | undefined,
  options: UseConnectionOptions<TData> = {},
): UseQueryResult<TData, PrepError> {
  const client = usePrepClient();
  const { workspaceId, timeoutMs, maxRetries, ...queryOptions } = options;
  const connection = isId(connectionId)
    ? connectionQueryOptions<TData>(client, connectionId, { workspaceId, timeoutMs, maxRetries })
    : // No ID yet: skipToken keeps the query pending and sends nothing, even when enabled.
      ({
        queryKey: forClient(prepKeys.connection(connectionId, { workspaceId }), client),
        queryFn: skipToken,
      } as const);
  return useQuery({ ...connection, ...queryOptions });
}

/**
 * Options of {@link useSuspenseConnection}: the request options, plus any TanStack
 * `useSuspenseQuery` option. Unset options take the defaults of `connectionQueryOptions`
 * (`staleTime` 60 s, `retry: false`), then TanStack's.
 * @default {}
 */
export type UseSuspenseConnectionOptions<TData = Connection> = ConnectionRequestOptions &
  Omit<
    UseSuspenseQueryOptions<Connection, PrepError, TData, ConnectionQueryKey>,
    "queryKey" | "queryFn"
  >;

/**
 * Fetches a connection's details for a component under `<Suspense>`: it suspends until the data
 * is there, and an error goes to the nearest error boundary. `data` is always defined.
 *
 * @typeParam TData - What `select` returns; `Connection` without one.
 * @example
 * const { data } = useSuspenseConnection(connectionId, { workspaceId });
 */
export function useSuspenseConnection<TData = Connection>(
  connectionId: string,
  options: UseSuspenseConnectionOptions<TData> = {},
): UseSuspenseQueryResult<TData, PrepError> {
  const client = usePrepClient();
  const { workspaceId, timeoutMs, maxRetries, ...queryOptions } = options;
  return useSuspenseQuery({
    ...connectionQueryOptions<TData>(client, connectionId, { workspaceId, timeoutMs, maxRetries }),
    ...queryOptions,
  });
}
