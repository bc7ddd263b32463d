// One connection, for any runtime: what a query sends and its TanStack query options. A plain
// module, so servers and loaders can prefetch with it; the hooks are in connection.hooks.ts.
import { queryOptions } from "@tanstack/react-query";
import type { Connection } from "@wdata-prep/core";
import type { GetConnectionOptions, PrepClient, PrepError } from "@wdata-prep/fetch";
import { forClient, prepKeys } from "./keys.ts";

/** Limits for the requests of one query or mutation that override the client's. */
export interface RequestLimits {
  /**
   * The time limit of each attempt of these requests, in milliseconds.
   * @default the client's `timeoutMs`
   */
  timeoutMs?: GetConnectionOptions["timeoutMs"] | undefined;
  /**
   * How many times each of these requests may be retried.
   * @default the client's `maxRetries`
   */
  maxRetries?: GetConnectionOptions["maxRetries"] | undefined;
}

/**
 * What a connection query sends: the workspace (part of the query key) and, optionally, limits
 * for this query's requests that override the client's.
 */
export interface ConnectionRequestOptions extends RequestLimits {
  /**
   * The ID of the workspace the connection belongs to.
   * @default undefined (no `workspaceId` is sent)
   */
  workspaceId?: GetConnectionOptions["workspaceId"] | undefined;
}

/**
 * The query key of one connection's details for one client: `prepKeys.connection(…)` followed by
 * the client's API, `{ api: client.baseUrl }`.
 */
export type ConnectionQueryKey = ReturnType<
  typeof forClient<ReturnType<typeof prepKeys.connection>>
>;

/**
 * How long fetched connection details and lists count as fresh, so data prefetched on a server or
 * in a loader is not fetched again when a component mounts.
 */
export const DEFAULT_STALE_TIME_MS = 60_000;

/**
 * TanStack Query options for one connection's details (`timeoutMs` and `maxRetries`, when given,
 * override the client's for these requests). The query key names the client's API, so clients
 * of different APIs under one `QueryClient` keep their data apart. They work with `useQuery`,
 * `useSuspenseQuery`, `queryClient.prefetchQuery` and `ensureQueryData`, also on a server with
 * no React. Spread them to override a default: `{ ...connectionQueryOptions(…), staleTime: 0 }`.
 *
 * Defaults: `staleTime` 60 s; `retry: false`, because the client already retries what is worth
 * retrying (a 404 makes one HTTP request, a persistent 503 at most `1 + maxRetries`).
 *
 * @typeParam TData - What `select` makes of the connection, for a hook that adds one;
 * `Connection` by default.
 *
 * @example
 * await queryClient.prefetchQuery(connectionQueryOptions(prep, connectionId, { workspaceId }));
 */
export function connectionQueryOptions<TData = Connection>(
  client: PrepClient,
  connectionId: string,
  { workspaceId, timeoutMs, maxRetries }: ConnectionRequestOptions = {},
) {
  return queryOptions<Connection, PrepError, TData, ConnectionQueryKey>({
    queryKey: forClient(prepKeys.connection(connectionId, { workspaceId }), client),
    queryFn: ({ signal }) =>
      client.getConnection(connectionId, { workspaceId, timeoutMs, maxRetries, signal }),
    staleTime: DEFAULT_STALE_TIME_MS,
    retry: false,
  });
}
