import type { QueryKey } from "@tanstack/react-query";
import type { PrepClient } from "@wdata-prep/fetch";
import type { ConnectionsQuery } from "./connections.ts";

/**
 * Prefixes of the query keys of every Prep query, for `invalidateQueries`, `removeQueries` and
 * the other filters of a `QueryClient`. They name no client, so each matches the queries of every
 * `PrepClientProvider` under that `QueryClient`. They are not the cached keys themselves: read
 * the cache with a factory's key, `queryClient.getQueryData(connectionQueryOptions(prep,
 * id).queryKey)`.
 */
export const prepKeys = {
  /** Every Prep query. */
  all: ["wdata-prep"] as const,
  /** Every connection's details and every list of connections. */
  connections: () => [...prepKeys.all, "connections"] as const,
  /**
   * One connection's details: in `workspaceId` when given, else in every workspace. A
   * `useConnection` still waiting for its ID is keyed by what it got (`null`, `undefined` or a
   * blank string), never by a real connection's key.
   */
  connection: (
    connectionId: string | null | undefined,
    { workspaceId }: { workspaceId?: string | undefined } = {},
  ) =>
    [
      ...prepKeys.connections(),
      "detail",
      connectionId,
      workspaceId === undefined
        ? {}
        : {
            /** The workspace the connection was asked for in. */
            workspaceId,
          },
    ] as const,
  /** Every list of connections, whatever its filters. */
  connectionLists: () => [...prepKeys.connections(), "list"] as const,
  /** One list of connections: its filters and `limit`, absent fields left out. */
  connectionList: (query: ConnectionsQuery = {}) =>
    [...prepKeys.connectionLists(), listFields(query)] as const,
  /**
   * One run of a connection. A `jobId` names one run, so it needs no workspace: the status a
   * refresh puts in the cache is the one `useRefreshStatus(connectionId, { jobId })` reads,
   * whatever workspace either names.
   */
  refreshStatus: (connectionId: string | null | undefined, jobId: string | null | undefined) =>
    [...prepKeys.all, "runs", connectionId, jobId] as const,
  /** One batch, by its `batchRefreshId` alone, as a run by its `jobId`. */
  refreshBatchStatus: (batchId: string | null | undefined) =>
    [...prepKeys.all, "batches", batchId] as const,
};

/**
 * Prefixes of the default `mutationKey`s of the mutation hooks, for `useIsMutating`,
 * `useMutationState` and `setMutationDefaults`. As with `prepKeys`, each hook's key adds its
 * client's scope, so a prefix matches the mutations of every client.
 *
 * @example
 * const starting = useIsMutating({ mutationKey: prepMutationKeys.refreshConnection() });
 */
export const prepMutationKeys = {
  /** Every Prep mutation. */
  all: ["wdata-prep"] as const,
  /** The runs started by `useRefreshConnection`. */
  refreshConnection: () => [...prepMutationKeys.all, "refreshConnection"] as const,
  /** The batches started by `useRefreshBatch`. */
  refreshBatch: () => [...prepMutationKeys.all, "refreshBatch"] as const,
};

/**
 * The fields of a list query that name a list, as it is keyed and sent: its filters and `limit`,
 * without the absent ones (and without anything else a caller may have added).
 */
export function listFields({
  sourceType,
  sourceId,
  destinationType,
  destinationId,
  limit,
}: ConnectionsQuery): ConnectionsQuery {
  // The fields are copied as they came, so each type filter keeps the ID it was given with.
  return Object.fromEntries(
    Object.entries({ sourceType, sourceId, destinationType, destinationId, limit }).filter(
      ([, value]) => value !== undefined && value !== null,
    ),
  ) as ConnectionsQuery;
}

/** The last element of a key made for one client: which API its data comes from. */
export interface ClientScope {
  /**
   * The client's `cacheScope`: by default its `baseUrl`; the same for a server's client and a
   * browser's that reach one API by two URLs, so that they share the cache. Never a credential.
   */
  cacheScope: string;
}

/**
 * `key` for the queries and mutations of `client`: the `prepKeys` (or `prepMutationKeys`) key
 * followed by the client's scope, so that two clients of different APIs under one `QueryClient`
 * never share cached data, clients of one API with one `cacheScope` do, and the shared key stays
 * a prefix that matches them all.
 */
export function forClient<const Key extends readonly unknown[]>(
  key: Key,
  client: PrepClient,
): readonly [...Key, ClientScope] {
  return [...key, { cacheScope: client.cacheScope }];
}

/**
 * Whether `id` is an ID a query can ask for: a string that is not blank. Hooks wait, sending
 * nothing, while theirs is not.
 */
export function isId(id: string | null | undefined): id is string {
  return typeof id === "string" && id.trim() !== "";
}

/** Whether `queryKey` was made by `forClient` for `client`. */
export function isForClient(queryKey: QueryKey, client: PrepClient): boolean {
  const scope = queryKey.at(-1);
  return typeof scope === "object" && scope !== null && "cacheScope" in scope
    ? scope.cacheScope === client.cacheScope
    : false;
}
