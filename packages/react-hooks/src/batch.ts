// Batches of runs, for any runtime: what a batch's status query holds and its TanStack query
// options. A plain module, so servers and loaders can prefetch with it; the hooks are in
// batch.hooks.ts. A batch is watched like a run (refresh.ts): the same polling, the same rule.
import type { RefreshBatch } from "@wdata-prep/core";
import { type GetRefreshBatchStatusOptions, type PrepClient, runOutcome } from "@wdata-prep/fetch";
import { forClient, prepKeys } from "./keys.ts";
import {
  checkPollInterval,
  type PollOptions,
  type RefreshStatus,
  type RunOutcome,
  statusQueryOptions,
  toRefreshStatus,
} from "./refresh.ts";

/**
 * A batch as a status query holds it: plain data. A batch that failed or was cancelled is data
 * too, not a query error, and so is each child's outcome.
 */
export interface BatchStatus {
  /** The batch as the API last gave it, its runs in `childRefreshes`. */
  batch: RefreshBatch;
  /**
   * How the batch finished, by the rule of `runOutcome` from `@wdata-prep/fetch`; `undefined`
   * while it is still going.
   */
  outcome: RunOutcome | undefined;
  /** Each run of the batch, in the order of `childRefreshes`, with its own outcome. */
  children: RefreshStatus[];
}

/** `batch` with its outcome and each child's, by the client's rule. */
export function toBatchStatus(batch: RefreshBatch): BatchStatus {
  return {
    batch,
    outcome: runOutcome(batch),
    children: (batch.childRefreshes ?? []).map(toRefreshStatus),
  };
}

/** What a batch's status query asks for, besides the batch's ID. */
export interface BatchStatusOptions extends PollOptions {
  /**
   * The ID of a workspace of the batch's runs.
   * @default undefined (no `workspaceId` is sent)
   */
  workspaceId?: GetRefreshBatchStatusOptions["workspaceId"];
}

/**
 * The query key of one batch for one client: `prepKeys.batch(…)` followed by the client's API,
 * `{ api: client.baseUrl }`.
 */
export type BatchQueryKey = ReturnType<typeof forClient<ReturnType<typeof prepKeys.batch>>>;

/**
 * TanStack query options for one batch: the batch, its outcome and each child's, asked for again
 * every `pollIntervalMs` while it is going, with no deadline, and no more once it is finished or
 * a read failed. A finished batch stays fresh for good. They work with `useQuery`,
 * `queryClient.fetchQuery` and `prefetchQuery`, also on a server with no React. The key names
 * the client's API.
 *
 * `useRefreshBatchStatus` adds what a browser needs: when the batch finishes, it invalidates the
 * details of each of its connections and every list.
 *
 * Defaults: `retry: false`, because the client already retries what is worth retrying.
 *
 * @throws PrepError when `pollIntervalMs` is not more than 0 and at most 2³¹ − 1 ms (core's
 * `MAX_TIMER_MS`).
 * @typeParam TData - What `select` makes of the status, for a hook that adds one.
 * @example
 * const status = await queryClient.fetchQuery(refreshBatchStatusQueryOptions(prep, batchId));
 * for (const child of status.children) console.log(child.run.connectionId, child.outcome);
 */
export function refreshBatchStatusQueryOptions<TData = BatchStatus>(
  client: PrepClient,
  batchId: string,
  options: BatchStatusOptions = {},
) {
  const { workspaceId, pollIntervalMs } = options;
  return statusQueryOptions<BatchStatus, TData, BatchQueryKey>(
    forClient(prepKeys.batch(batchId, { workspaceId }), client),
    (signal) => readBatchStatus(client, batchId, options, signal),
    checkPollInterval(pollIntervalMs),
  );
}

/** Reads the batch `batchId`, as its status query holds it. */
export async function readBatchStatus(
  client: PrepClient,
  batchId: string,
  { workspaceId, timeoutMs, maxRetries }: BatchStatusOptions,
  signal?: AbortSignal,
): Promise<BatchStatus> {
  const options = { workspaceId, timeoutMs, maxRetries, signal };
  return toBatchStatus(await client.getRefreshBatchStatus(batchId, options));
}
