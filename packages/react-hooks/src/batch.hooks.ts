"use client";

// Batches of runs in React: a mutation that starts one, and a query that watches it until it
// finishes, each making the cache true when its runs change their connections' lastRun.
import {
  type UseMutationOptions,
  type UseMutationResult,
  type UseQueryOptions,
  type UseQueryResult,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import type { RefreshBatch, RefreshBatchRequest } from "@wdata-prep/core";
import type { PrepError, RefreshBatchOptions } from "@wdata-prep/fetch";
import {
  type BatchQueryKey,
  type BatchStatus,
  type BatchStatusOptions,
  readBatchStatus,
  toBatchStatus,
} from "./batch.ts";
import type { RequestLimits } from "./connection.ts";
import { usePrepClient } from "./context.tsx";
import { forClient, isId, prepKeys } from "./keys.ts";
import { useStatusQuery } from "./refresh.hooks.ts";
import { invalidateRunConnections } from "./refresh.ts";

/**
 * Options of {@link useRefreshBatch}: `cancelUnwritables`, `timeoutMs` and `maxRetries` for its
 * request, plus any TanStack `useMutation` option but `retry`, which the hook owns.
 * @default {}
 */
export type UseRefreshBatchOptions<TOnMutateResult = unknown> = RequestLimits &
  Pick<RefreshBatchOptions, "cancelUnwritables"> &
  Omit<
    UseMutationOptions<RefreshBatch, PrepError, RefreshBatchRequest, TOnMutateResult>,
    "mutationFn" | "retry" | "retryDelay"
  >;

/**
 * Starts a batch of runs: `mutate(refreshes)` takes 1 to 100 `RefreshConnection`s, each naming
 * its `connectionId`, all writing into one destination, and resolves with the new batch; follow
 * it with `useRefreshBatchStatus(data?.batchRefreshId)`. A batch the API refuses (such as
 * connections of different destinations) is a `PrepError` (a `BadRequestError` whose message and
 * `details` name the items at fault), and nothing runs.
 *
 * Never retried, whatever the `QueryClient`'s defaults: a POST sent again could start the runs
 * twice. Once the batch has started, the details of its connections and every list are
 * invalidated, and the batch's status query starts from the batch as the API answered. A
 * mutation that fails leaves the cache untouched.
 *
 * @example
 * const batch = useRefreshBatch({ cancelUnwritables: true });
 * batch.mutate(selected.map((connectionId) => ({ connectionId })));
 */
export function useRefreshBatch<TOnMutateResult = unknown>(
  options: UseRefreshBatchOptions<TOnMutateResult> = {},
): UseMutationResult<RefreshBatch, PrepError, RefreshBatchRequest, TOnMutateResult> {
  const client = usePrepClient();
  const queryClient = useQueryClient();
  const { cancelUnwritables, timeoutMs, maxRetries, ...mutationOptions } = options;
  return useMutation({
    ...mutationOptions,
    mutationFn: async (refreshes) => {
      const batch = await client.refreshBatch(refreshes, {
        cancelUnwritables,
        timeoutMs,
        maxRetries,
      });
      if (batch.batchRefreshId) {
        const key = forClient(prepKeys.batch(batch.batchRefreshId), client);
        queryClient.setQueryData(key, toBatchStatus(batch));
      }
      const connectionIds = refreshes.map((refresh) => refresh.connectionId);
      void invalidateRunConnections(queryClient, client, connectionIds);
      return batch;
    },
    retry: false,
  });
}

/**
 * Options of {@link useRefreshBatchStatus}: any TanStack `useQuery` option. Unset options take
 * the defaults of `refreshBatchStatusQueryOptions` (polling while the batch is going,
 * `retry: false`), then TanStack's.
 * @default {}
 */
export type UseRefreshBatchStatusOptions<TData = BatchStatus> = Omit<
  UseQueryOptions<BatchStatus, PrepError, TData, BatchQueryKey>,
  "queryKey" | "queryFn"
>;

/**
 * Watches a batch until it finishes: asks for it every `pollIntervalMs` while it is going, and
 * no more once it is finished (by the client's rule, `runOutcome`). `data` is a `BatchStatus`:
 * `batch`, as the API last gave it, its `outcome`, and `children`, each run of the batch with its
 * own `outcome`. A batch that failed is data, not an error: `error` is a `PrepError` only when
 * asking failed.
 *
 * Polling has no deadline: it goes on for as long as the batch is going (a status `runOutcome`
 * does not know counts as going) and the hook is mounted. A read that fails stops it until
 * `refetch()`. Unmount, or pass `enabled: false`, to stop sooner.
 *
 * When a read first shows the batch finished, the details of each of its connections and every
 * list are invalidated, since their `lastRun` changed; when a child does not name its connection
 * (the API promises no field), the details of every connection of this client are. While
 * `batchId` is empty, `null` or `undefined` the query waits and sends nothing.
 *
 * @param batchId - The batch's `batchRefreshId`, such as `data?.batchRefreshId` of
 * `useRefreshBatch`.
 * @param watch - The workspace, how often to ask and the limits of each request; by default
 * `{}`: every 2 s.
 * @throws PrepError when `pollIntervalMs` is not more than 0 and at most 2³¹ − 1 ms (core's
 * `MAX_TIMER_MS`).
 * @typeParam TData - What `select` returns; `BatchStatus` without one.
 * @example
 * const { data } = useRefreshBatchStatus(batch.data?.batchRefreshId);
 * data?.children.map(({ run, outcome }) => `${run.connectionId}: ${outcome ?? "running"}`);
 */
export function useRefreshBatchStatus<TData = BatchStatus>(
  batchId: string | null | undefined,
  watch: BatchStatusOptions = {},
  options: UseRefreshBatchStatusOptions<TData> = {},
): UseQueryResult<TData, PrepError> {
  const client = usePrepClient();
  return useStatusQuery<BatchStatus, TData, BatchQueryKey>(
    {
      queryKey: forClient(prepKeys.batch(batchId, { workspaceId: watch.workspaceId }), client),
      read: isId(batchId) ? (signal) => readBatchStatus(client, batchId, watch, signal) : undefined,
      pollIntervalMs: watch.pollIntervalMs,
      // The batch's connections are those whose lastRun changed.
      ran: (batch) => batch.children.map(({ run }) => run.connectionId),
    },
    options,
  );
}
