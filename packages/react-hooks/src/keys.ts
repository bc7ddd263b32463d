import type { QueryKey } from "@tanstack/react-query";
import type { GetConnectionOptions, PrepClient } from "@wdata-prep/fetch";
import type { ConnectionsQuery } from "./connections.ts";

/**
 * Query keys of every Prep query, from the broadest to the narrowest. They name no client, so
 * each is a prefix of the keys of every client's queries:
 * `queryClient.invalidateQueries({ queryKey: prepKeys.connections() })` reaches every connection
 * query of every `PrepClientProvider` under that `QueryClient`. Connections (details and lists)
 * sit under `connections()`; runs and batches have branches of their own, so invalidating
 * connections never refetches a run being watched.
 */
export const prepKeys = {
  /** Every Prep query: `["wdata-prep"]`. */
  all: ["wdata-prep"] as const,
  /** Every connection query, details and lists: `["wdata-prep", "connections"]`. */
  connections: () => [...prepKeys.all, "connections"] as const,
  /**
   * One connection's details: `["wdata-prep", "connections", "detail", id, { workspaceId }]`, with
   * an absent `workspaceId` left out of the object. A `useConnection` still waiting for its ID is
   * keyed by what it got (`null`, `undefined` or a blank string), never by a real connection's key.
   */
  connection: (
    connectionId: string | null | undefined,
    { workspaceId }: { workspaceId?: GetConnectionOptions["workspaceId"] | undefined } = {},
  ) =>
    [
      ...prepKeys.connections(),
      "detail",
      connectionId,
      workspaceId === undefined ? {} : { workspaceId },
    ] as const,
  /** Every list of connections, whatever its filters: `["wdata-prep", "connections", "list"]`. */
  connectionLists: () => [...prepKeys.connections(), "list"] as const,
  /**
   * One list of connections: `["wdata-prep", "connections", "list", { …filters, limit }]`, with
   * the fields left out that are absent, so equal queries give equal keys.
   */
  connectionList: (query: ConnectionsQuery = {}) =>
    [...prepKeys.connectionLists(), listFields(query)] as const,
  /**
   * One run of a connection: `["wdata-prep", "runs", connectionId, { jobId, workspaceId }]`, with
   * absent fields left out. A `useRefreshStatus` still waiting for its IDs is keyed by what it
   * got, never by a real run's key.
   */
  refreshStatus: (
    connectionId: string | null | undefined,
    { jobId, workspaceId }: { jobId: string | null | undefined; workspaceId?: string | undefined },
  ) => [...prepKeys.all, "runs", connectionId, definedFields({ jobId, workspaceId })] as const,
  /**
   * One batch: `["wdata-prep", "batches", batchId, { workspaceId }]`, with an absent
   * `workspaceId` left out.
   */
  batch: (batchId: string | null | undefined, { workspaceId }: { workspaceId?: string } = {}) =>
    [...prepKeys.all, "batches", batchId, definedFields({ workspaceId })] as const,
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
  return definedFields({
    sourceType,
    sourceId,
    destinationType,
    destinationId,
    limit,
  }) as ConnectionsQuery;
}

/** `fields` without the ones that are `undefined` or `null`. */
function definedFields<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined && value !== null),
  ) as Partial<T>;
}

/** The last element of a query key made for one client: the API it calls, never its token. */
export interface ClientScope {
  /** The client's `baseUrl`. */
  api: string;
}

/**
 * `key` for the queries of `client`: the `prepKeys` key followed by the client's API, so that
 * two clients of different APIs under one `QueryClient` never share cached data, while the
 * `prepKeys` key stays a prefix that matches both.
 */
export function forClient<const Key extends readonly unknown[]>(
  key: Key,
  client: PrepClient,
): readonly [...Key, ClientScope] {
  return [...key, { api: client.baseUrl }];
}

/**
 * Whether `id` is an ID a query can ask for: a string that is not blank. Hooks wait, sending
 * nothing, while theirs is not.
 */
export function isId(id: string | null | undefined): id is string {
  return typeof id === "string" && id.trim() !== "";
}

/** Whether `queryKey` was made by `forClient` for `client`: its last element names the API. */
export function isForClient(queryKey: QueryKey, client: PrepClient): boolean {
  const scope = queryKey.at(-1);
  return typeof scope === "object" && scope !== null && "api" in scope
    ? scope.api === client.baseUrl
    : false;
}
