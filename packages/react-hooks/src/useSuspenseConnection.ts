"use client";

import {
  type UseSuspenseQueryOptions,
  type UseSuspenseQueryResult,
  useSuspenseQuery,
} from "@tanstack/react-query";
import type { Connection } from "@wdata-prep/core";
import type { PrepError } from "@wdata-prep/fetch";
import type { ConnectionRequestOptions } from "./ConnectionRequestOptions.ts";
import { connectionQueryOptions } from "./connectionQueryOptions.ts";
import type { prepKeys } from "./prepKeys.ts";
import { usePrepClient } from "./usePrepClient.ts";

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
