// One connection, for any runtime: what a query sends and its TanStack query options. A plain
// module, so servers and loaders can prefetch with it; the hooks are in connection.hooks.ts.
import { type DataTag, queryOptions, type UnusedSkipTokenOptions } from "@tanstack/react-query";
import type { Connection } from "@wdata-prep/core";
import type { PrepClient, PrepError } from "@wdata-prep/fetch";
import { type ClientScope, forClient, prepKeys } from "./keys.ts";

/** Limits for the requests of one hook or factory that override the client's. */
export interface RequestLimits {
  /**
   * The time limit of each attempt, in milliseconds.
   * @default the client's `timeoutMs`
   */
  timeoutMs?: number | undefined;
  /**
   * How many times each request may be retried.
   * @default the client's `maxRetries`
   */
  maxRetries?: number | undefined;
}

/** What a connection query sends. */
export interface ConnectionRequestOptions extends RequestLimits {
  /**
   * The ID of the workspace the connection belongs to; part of the query key.
   * @default undefined (none is sent)
   */
  workspaceId?: string | undefined;
}

/** The query key of one connection's details for one client. */
export type ConnectionQueryKey = readonly [...ReturnType<typeof prepKeys.connection>, ClientScope];

/**
 * What `connectionQueryOptions` returns: TanStack's `queryOptions` for a connection, its key
 * tagged with the `Connection` and `PrepError`. Named, so that the published types say this and
 * not an expansion of it, which `exactOptionalPropertyTypes` would refuse.
 */
export type ConnectionQueryOptions<TData = Connection> = UnusedSkipTokenOptions<
  Connection,
  PrepError,
  TData,
  ConnectionQueryKey
> & {
  /** The connection's key in the cache, tagged so that `getQueryData` reads it typed. */
  queryKey: DataTag<ConnectionQueryKey, Connection, PrepError>;
};

/**
 * How long fetched connection details and lists count as fresh, so data prefetched on a server or
 * in a loader is not fetched again when a component mounts.
 */
export const DEFAULT_STALE_TIME_MS = 60_000;

/**
 * TanStack Query options for one connection's details, for `useQuery`, `useSuspenseQuery`,
 * `prefetchQuery`, `ensureQueryData` and `fetchQuery`, also on a server with no React. Their
 * `queryKey` is the connection's key in the cache, and reads it typed:
 * `queryClient.getQueryData(connectionQueryOptions(prep, id).queryKey)`.
 *
 * `staleTime` is 60 s; `retry` is `false`, because the client already retries what is worth
 * retrying. Spread them to change either: `{ ...connectionQueryOptions(prep, id), staleTime: 0 }`.
 *
 * @typeParam TData - What `select` makes of the connection, for a hook that adds one.
 * @example
 * await queryClient.prefetchQuery(connectionQueryOptions(prep, connectionId, { workspaceId }));
 */
export function connectionQueryOptions<TData = Connection>(
  client: PrepClient,
  connectionId: string,
  options: ConnectionRequestOptions = {},
): ConnectionQueryOptions<TData> {
  const { workspaceId, timeoutMs, maxRetries } = options;
  return queryOptions<Connection, PrepError, TData, ConnectionQueryKey>({
    queryKey: forClient(prepKeys.connection(connectionId, { workspaceId }), client),
    queryFn: ({ signal }) =>
      client.getConnection(connectionId, { workspaceId, timeoutMs, maxRetries, signal }),
    staleTime: DEFAULT_STALE_TIME_MS,
    retry: false,
  });
}
