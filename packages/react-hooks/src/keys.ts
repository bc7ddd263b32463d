import type { GetConnectionOptions, PrepClient } from "@wdata-prep/fetch";

/**
 * Query keys of every Prep query, from the broadest to the narrowest. They name no client, so
 * each is a prefix of the keys of every client's queries:
 * `queryClient.invalidateQueries({ queryKey: prepKeys.connections() })` reaches every connection
 * query of every `PrepClientProvider` under that `QueryClient`.
 */
export const prepKeys = {
  /** Every Prep query: `["wdata-prep"]`. */
  all: ["wdata-prep"] as const,
  /** Every connection query: `["wdata-prep", "connections"]`. */
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
};

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
