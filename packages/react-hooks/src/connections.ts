// Lists of connections, for any runtime: what a list query asks for, what its cache holds, and
// its TanStack infinite query options. A plain module, so servers and loaders can prefetch with
// it; the hook is in connections.hooks.ts.
import {
  type DataTag,
  type InfiniteData,
  infiniteQueryOptions,
  type UnusedSkipTokenInfiniteOptions,
} from "@tanstack/react-query";
import type { Connection } from "@wdata-prep/core";
import type { ListConnectionsParams, PrepClient, PrepError } from "@wdata-prep/fetch";
import { DEFAULT_STALE_TIME_MS, type RequestLimits } from "./connection.ts";
import { type ClientScope, forClient, listFields, prepKeys } from "./keys.ts";

/**
 * What a list of connections asks for: the filters of `listConnections` (`sourceType` needs
 * `sourceId`, `destinationType` needs `destinationId`) and `limit`, the most connections one page
 * holds; a field that is `undefined` is left out. The pages themselves follow the API's cursors,
 * so there is no `cursor` or `offset`.
 */
export type ConnectionsQuery = ListConnectionsParams extends infer Params
  ? // Each member of the union on its own, so each type filter stays tied to its ID.
    Params extends unknown
    ? {
        // An optional field also takes `undefined`, which a caller compiling with
        // exactOptionalPropertyTypes may have in hand.
        [Key in keyof Omit<Params, "cursor" | "offset">]: undefined extends Params[Key]
          ? Params[Key] | undefined
          : Params[Key];
      }
    : never
  : never;

/**
 * One page of a list as the cache holds it: plain data, so it can be dehydrated on a server and
 * hydrated in a browser (the client's `ConnectionPage`, whose methods could not be).
 */
export interface ConnectionPageData {
  /** The connections of this page, possibly none. */
  items: Connection[];
  /**
   * The cursor of the next page; `undefined` on the last page, as the client's page decides
   * (an absent, `null` or empty cursor, or the one this page was asked for with).
   */
  cursor: string | undefined;
}

/** The query key of one list for one client. */
export type ConnectionListQueryKey = readonly [
  ...ReturnType<typeof prepKeys.connectionList>,
  ClientScope,
];

/**
 * What an infinite list query holds: its pages (`data.pages[n].items`) and the cursor each was
 * asked for with (`undefined` for the first).
 */
export type ConnectionsData = InfiniteData<ConnectionPageData, string | undefined>;

/**
 * What `connectionsInfiniteQueryOptions` returns: TanStack's `infiniteQueryOptions` for a list,
 * its key tagged with the pages and `PrepError` as TanStack tags it. Named, so that the
 * published types say this and not an expansion of it, which `exactOptionalPropertyTypes` would
 * refuse.
 */
export type ConnectionsInfiniteQueryOptions<TData = ConnectionsData> =
  UnusedSkipTokenInfiniteOptions<
    ConnectionPageData,
    PrepError,
    TData,
    ConnectionListQueryKey,
    string | undefined
  > & {
    /** The list's key in the cache, tagged so that `getQueryData` reads it typed. */
    queryKey: DataTag<ConnectionListQueryKey, InfiniteData<ConnectionPageData>, PrepError>;
  };

/**
 * TanStack infinite query options for a list of connections, page by page over the API's
 * cursors: the first page is asked for with no cursor, each next one with the cursor of the page
 * before, until the client says a page is the last. For `useInfiniteQuery`,
 * `useSuspenseInfiniteQuery`, `prefetchInfiniteQuery` and `fetchInfiniteQuery`, also on a server
 * with no React; their `queryKey` is the list's key in the cache.
 *
 * `staleTime` is 60 s; `retry` is `false`, as in `connectionQueryOptions`.
 *
 * @param query - The filters and page size; without one, every connection by the API's page size.
 * @param limits - `timeoutMs` and `maxRetries` for these requests.
 * @typeParam TData - What `select` makes of the pages, for a hook that adds one.
 * @example
 * await queryClient.prefetchInfiniteQuery({
 *   ...connectionsInfiniteQueryOptions(prep, { destinationId, limit: 50 }),
 *   pages: 2,
 * });
 */
export function connectionsInfiniteQueryOptions<TData = ConnectionsData>(
  client: PrepClient,
  query: ConnectionsQuery = {},
  limits: RequestLimits = {},
): ConnectionsInfiniteQueryOptions<TData> {
  const { timeoutMs, maxRetries } = limits;
  const fields = listFields(query);
  // Beside a cursor, which carries them, only the filters are sent: `limit` is ignored there.
  const { limit, ...filters } = fields;
  return infiniteQueryOptions<
    ConnectionPageData,
    PrepError,
    TData,
    ConnectionListQueryKey,
    string | undefined
  >({
    queryKey: forClient(prepKeys.connectionList(fields), client),
    queryFn: async ({ pageParam: cursor, signal }) => {
      const sent: ListConnectionsParams = cursor === undefined ? fields : { ...filters, cursor };
      const page = await client.listConnections(sent, { timeoutMs, maxRetries, signal });
      return { items: page.items, cursor: page.hasNextPage() ? page.cursor : undefined };
    },
    initialPageParam: undefined,
    getNextPageParam: (lastPage) => lastPage.cursor,
    staleTime: DEFAULT_STALE_TIME_MS,
    retry: false,
  });
}
