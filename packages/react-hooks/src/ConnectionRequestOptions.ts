import type { GetConnectionOptions } from "@wdata-prep/fetch";

/**
 * What a connection query sends: the workspace (part of the query key) and, optionally, limits
 * for this query's requests that override the client's.
 */
export interface ConnectionRequestOptions
  extends Pick<GetConnectionOptions, "timeoutMs" | "maxRetries"> {
  /**
   * The ID of the workspace the connection belongs to.
   * @default undefined (no `workspaceId` is sent)
   */
  workspaceId?: GetConnectionOptions["workspaceId"] | undefined;
}
