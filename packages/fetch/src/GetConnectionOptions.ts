import type { operations } from "@wdata-prep/core";

/** Options of one `getConnection` call. */
export interface GetConnectionOptions {
  /**
   * The ID of the workspace the connection belongs to, at most 40 characters.
   * @default undefined (no `workspaceId` query parameter)
   */
  workspaceId?: NonNullable<operations["getConnection"]["parameters"]["query"]>["workspaceId"];
  /**
   * Aborts the call: it rejects at once with a `PrepAbortError`, and is not retried.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * The time limit of each attempt of this call, in milliseconds.
   * @default the client's `timeoutMs`
   */
  timeoutMs?: number;
  /**
   * How many times this call may be retried.
   * @default the client's `maxRetries`
   */
  maxRetries?: number;
}
