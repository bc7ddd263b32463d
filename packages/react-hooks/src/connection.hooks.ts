"use client";

import {
  type UseQueryOptions,
  type UseQueryResult,
  type UseSuspenseQueryOptions,
  type UseSuspenseQueryResult,
  useQuery,
  useSuspenseQuery,
} from "@tanstack/react-query";
import type { Connection } from "@wdata-prep/core";
import type { PrepError } from "@wdata-prep/fetch";
import { type ConnectionRequestOptions, connectionQueryOptions } from "./connection.ts";
import { usePrepClient } from "./context.tsx";
import type { prepKeys } from "./keys.ts";

/** Options of {@link useConnection}: the workspace, plus any TanStack `useQuery` option. */
export type UseConnectionOptions<TData = Connection> = ConnectionRequestOptions &
  Omit<
    UseQueryOptions<Connection, PrepError, TData, ReturnType<typeof prepKeys.connection>>,
    "queryKey" | "queryFn"
  >;

/**
 * Fetches a connection's details. While `connectionId` is empty, `null` or `undefined` nothing is
 * sent and the query stays pending. Unmounting cancels the request in flight.
 *
 * @example
 * const { data, error, isPending } = useConnection(connectionId, { workspaceId });
 */
export function useConnection<TData = Connection>(
  connectionId: string | null | undefined,
  options: UseConnectionOptions<TData> = {},
): UseQueryResult<TData, PrepError> {
  const client = usePrepClient();
  const { workspaceId, timeoutMs, maxRetries, enabled = true, ...queryOptions } = options;
  const hasId = typeof connectionId === "string" && connectionId.trim() !== "";
  const { queryKey, queryFn, staleTime, retry } = connectionQueryOptions(
    client,
    hasId ? connectionId : "",
    { workspaceId, timeoutMs, maxRetries },
  );
  return useQuery({
    queryKey,
    queryFn,
    staleTime,
    retry,
    ...queryOptions,
    // A plain boolean where possible: `enabled` functions need @tanstack/react-query 5.48 or later.
    enabled: typeof enabled === "function" ? (query) => hasId && enabled(query) : hasId && enabled,
  });
}

/** Options of {@link useSuspenseConnection}: the workspace, plus TanStack `useSuspenseQuery` options. */
export type UseSuspenseConnectionOptions<TData = Connection> = ConnectionRequestOptions &
  Omit<
    UseSuspenseQueryOptions<Connection, PrepError, TData, ReturnType<typeof prepKeys.connection>>,
    "queryKey" | "queryFn"
  >;

/**
 * Fetches a connection's details for a component under `<Suspense>`: it suspends until the data
 * is there, and an error goes to the nearest error boundary. `data` is always defined.
 */
export function useSuspenseConnection<TData = Connection>(
  connectionId: string,
  options: UseSuspenseConnectionOptions<TData> = {},
): UseSuspenseQueryResult<TData, PrepError> {
  const client = usePrepClient();
  const { workspaceId, timeoutMs, maxRetries, ...queryOptions } = options;
  const { queryKey, queryFn, staleTime, retry } = connectionQueryOptions(client, connectionId, {
    workspaceId,
    timeoutMs,
    maxRetries,
  });
  return useSuspenseQuery({ queryKey, queryFn, staleTime, retry, ...queryOptions });
}
