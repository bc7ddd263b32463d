import type { GetConnectionOptions } from "@wdata-prep/fetch";

/**
 * Query keys of every Prep query, from the broadest to the narrowest, so that
 * `queryClient.invalidateQueries({ queryKey: prepKeys.connections() })` reaches every connection.
 */
export const prepKeys = {
  /** Every Prep query: `["wdata-prep"]`. */
  all: ["wdata-prep"] as const,
  /** Every connection query: `["wdata-prep", "connections"]`. */
  connections: () => [...prepKeys.all, "connections"] as const,
  /**
   * One connection: `["wdata-prep", "connections", id, { workspaceId }]`, with an absent
   * `workspaceId` left out of the object. A `useConnection` still waiting for its ID is keyed by
   * what it got (`null`, `undefined` or a blank string), never by a real connection's key.
   */
  connection: (
    connectionId: string | null | undefined,
    { workspaceId }: { workspaceId?: GetConnectionOptions["workspaceId"] | undefined } = {},
  ) =>
    [
      ...prepKeys.connections(),
      connectionId,
      workspaceId === undefined ? {} : { workspaceId },
    ] as const,
};
