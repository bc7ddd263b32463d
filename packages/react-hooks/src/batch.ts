// Batches of runs, for any runtime: what a batch's status query holds and its TanStack query
// options. A plain module, so servers and loaders can prefetch with it; the hooks are in
// batch.hooks.ts. A batch is watched like a run (refresh.ts): the same polling, the same rule.
import type { DataTag, UnusedSkipTokenOptions } from "@tanstack/react-query";
import type { RefreshBatch } from "@wdata-prep/core";
import { type PrepClient, type PrepError, type RunOutcome, runOutcome } from "@wdata-prep/fetch";
import { type ClientScope, forClient, prepKeys } from "./keys.ts";
import {
  checkPollInterval,
  type PollOptions,
  type RefreshStatus,
  statusQueryOptions,
  toRefreshStatus,
} from "./refresh.ts";

/**
 * A batch as a status query holds it: plain data. A batch that failed or was cancelled is data
 * too, not a query error, and so is each child's outcome.
 */
export interface RefreshBatchStatus {
  /** The batch as the API last gave it, its runs in `childRefreshes`. */
  batch: RefreshBatch;
  /** How the batch finished, by `runOutcome`; `undefined` while it is going. */
  outcome: RunOutcome | undefined;
  /** Each run of the batch, in the order of `childRefreshes`, with its own outcome. */
  children: RefreshStatus[];
}

/** `batch` with its outcome and each child's, by the client's rule. */
export function toRefreshBatchStatus(batch: RefreshBatch): RefreshBatchStatus {
  return {
    batch,
    outcome: runOutcome(batch),
    children: (batch.childRefreshes ?? []).map(toRefreshStatus),
  };
}

/** What a batch's status query asks for, besides the batch's ID. */
export interface RefreshBatchStatusOptions extends PollOptions {
  /**
   * The ID of a workspace of the batch's runs. Sent, but not part of the key: a `batchId` names
   * one batch.
   * @default undefined (none is sent)
   */
  workspaceId?: string | undefined;
}

/** The query key of one batch for one client. */
export type RefreshBatchStatusQueryKey = readonly [
  ...ReturnType<typeof prepKeys.refreshBatchStatus>,
  ClientScope,
];

/**
 * What `refreshBatchStatusQueryOptions` returns: TanStack's `queryOptions` for a batch, its key
 * tagged with the `RefreshBatchStatus` and `PrepError`, named as `RefreshStatusQueryOptions` is.
 */
export type RefreshBatchStatusQueryOptions<TData = RefreshBatchStatus> = UnusedSkipTokenOptions<
  RefreshBatchStatus,
  PrepError,
  TData,
  RefreshBatchStatusQueryKey
> & {
  /** The batch's key in the cache, tagged so that `getQueryData` reads it typed. */
  queryKey: DataTag<RefreshBatchStatusQueryKey, RefreshBatchStatus, PrepError>;
};

/**
 * TanStack query options for one batch: the batch, its outcome and each child's, polled as
 * `refreshStatusQueryOptions` polls a run. For `useQuery`, `fetchQuery` and `prefetchQuery`,
 * also on a server with no React; their `queryKey` is the batch's key in the cache. Unlike
 * `useRefreshBatchStatus`, they invalidate nothing when the batch finishes.
 *
 * @throws PrepError when `pollIntervalMs` is out of range (`checkPollInterval`).
 * @typeParam TData - What `select` makes of the status, for a hook that adds one.
 * @example
 * const status = await queryClient.fetchQuery(refreshBatchStatusQueryOptions(prep, batchId));
 * for (const child of status.children) console.log(child.run.connectionId, child.outcome);
 */
export function refreshBatchStatusQueryOptions<TData = RefreshBatchStatus>(
  client: PrepClient,
  batchId: string,
  options: RefreshBatchStatusOptions = {},
): RefreshBatchStatusQueryOptions<TData> {
  return statusQueryOptions<RefreshBatchStatus, TData, RefreshBatchStatusQueryKey>(
    forClient(prepKeys.refreshBatchStatus(batchId), client),
    (signal) => readRefreshBatchStatus(client, batchId, options, signal),
    checkPollInterval(options.pollIntervalMs),
  );
}

/** Reads the batch `batchId`, as its status query holds it. */
export async function readRefreshBatchStatus(
  client: PrepClient,
  batchId: string,
  { workspaceId, timeoutMs, maxRetries }: RefreshBatchStatusOptions,
  signal?: AbortSignal,
): Promise<RefreshBatchStatus> {
  const options = { workspaceId, timeoutMs, maxRetries, signal };
  return toRefreshBatchStatus(await client.getRefreshBatchStatus(batchId, options));
}
