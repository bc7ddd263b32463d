"use client";

// One connection in React: hooks that spread connectionQueryOptions (connection.ts) and add the
// options a component passes.
import {
  type QueryClient,
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
 * Options of {@link useConnection}: what the query sends, and any TanStack `useQuery` option but
 * the key and function. Unset ones take `connectionQueryOptions`'s defaults, then TanStack's.
 */
export type UseConnectionOptions<TData = Connection> = ConnectionRequestOptions &
  Omit<UseQueryOptions<Connection, PrepError, TData, ConnectionQueryKey>, "queryKey" | "queryFn">;

/**
 * Fetches a connection's details. While `connectionId` is empty, blank, `null` or `undefined`
 * the query waits, sending nothing, whatever `enabled` says. Unmounting cancels the request in
 * flight.
 *
 * @param options - What to send, and TanStack options.
 * @param queryClient - The `QueryClient` to use instead of the one in context.
 * @typeParam TData - What `select` returns; `Connection` without one.
 * @example
 * const { data, error, isPending } = useConnection(connectionId, { workspaceId });
 */
export function useConnection<TData = Connection>(
  connectionId: string | null | undefined,
  options: UseConnectionOptions<TData> = {},
  queryClient?: QueryClient,
): UseQueryResult<TData, PrepError> {
  const client = usePrepClient();
  const { workspaceId, timeoutMs, maxRetries, ...tanstack } = options;
  const connection = isId(connectionId)
    ? connectionQueryOptions<TData>(client, connectionId, { workspaceId, timeoutMs, maxRetries })
    : // No ID yet: skipToken keeps the query pending and sends nothing, even when enabled.
      ({
        queryKey: forClient(prepKeys.connection(connectionId, { workspaceId }), client),
        queryFn: skipToken,
      } as const);
  return useQuery({ ...connection, ...tanstack }, queryClient);
}

/**
 * Options of {@link useSuspenseConnection}: what the query sends, and any TanStack
 * `useSuspenseQuery` option but the key and function.
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
 * @param options - What to send, and TanStack options.
 * @param queryClient - The `QueryClient` to use instead of the one in context.
 * @typeParam TData - What `select` returns; `Connection` without one.
 * @example
 * const { data } = useSuspenseConnection(connectionId, { workspaceId });
 */
export function useSuspenseConnection<TData = Connection>(
  connectionId: string,
  options: UseSuspenseConnectionOptions<TData> = {},
  queryClient?: QueryClient,
): UseSuspenseQueryResult<TData, PrepError> {
  const client = usePrepClient();
  const { workspaceId, timeoutMs, maxRetries, ...tanstack } = options;
  return useSuspenseQuery(
    {
      ...connectionQueryOptions<TData>(client, connectionId, {
        workspaceId,
        timeoutMs,
        maxRetries,
      }),
      ...tanstack,
    },
    queryClient,
  );
}
