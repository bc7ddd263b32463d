"use client";

// Batches of runs in React: a mutation that starts one, and a query that watches it until it
// finishes, each making the cache true when its runs change their connections' lastRun.
import {
  type QueryClient,
  type UseMutationOptions,
  type UseMutationResult,
  type UseQueryOptions,
  type UseQueryResult,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import type { RefreshBatch, RefreshBatchRequest } from "@wdata-prep/core";
import type { PrepError } from "@wdata-prep/fetch";
import {
  type RefreshBatchStatus,
  type RefreshBatchStatusOptions,
  type RefreshBatchStatusQueryKey,
  readRefreshBatchStatus,
  toRefreshBatchStatus,
} from "./batch.ts";
import type { RequestLimits } from "./connection.ts";
import { usePrepClient } from "./context.tsx";
import { forClient, isId, prepKeys, prepMutationKeys } from "./keys.ts";
import { useStatusQuery } from "./refresh.hooks.ts";
import { invalidateRunConnections } from "./refresh.ts";

/** What `mutate` of {@link useRefreshBatch} takes, as `client.refreshBatch` does. */
export interface RefreshBatchVariables {
  /**
   * The runs to start, 1 to 100 `RefreshConnection`s, each naming its `connectionId`, all
   * writing into one destination.
   */
  items: RefreshBatchRequest;
  /**
   * Cancel each child whose destination cannot be written, on its own, instead of having the
   * whole batch refused.
   * @default undefined (not sent: the API's own default)
   */
  cancelUnwritables?: boolean | undefined;
}

/**
 * Options of {@link useRefreshBatch}: limits for its request, and any TanStack `useMutation`
 * option but its function and `retry`.
 */
export type UseRefreshBatchOptions<TOnMutateResult = unknown> = RequestLimits &
  Omit<
    UseMutationOptions<RefreshBatch, PrepError, RefreshBatchVariables, TOnMutateResult>,
    "mutationFn" | "retry" | "retryDelay"
  >;

/**
 * Starts a batch of runs: `mutate({ items, cancelUnwritables })` resolves with the new batch;
 * watch it with `useRefreshBatchStatus(data?.batchRefreshId)`. A batch the API refuses (such as
 * connections of different destinations) is a `BadRequestError` whose message and `details` name
 * the items at fault, and nothing runs.
 *
 * Never retried, and the cache made true before it settles, as `useRefreshConnection`: the
 * batch's status is put where `useRefreshBatchStatus` reads it, and the details of its
 * connections and every list are invalidated.
 *
 * @param options - Limits for the request, and TanStack options; `mutationKey` is
 * `prepMutationKeys.refreshBatch()` and the client's scope unless given.
 * @param queryClient - The `QueryClient` to use instead of the one in context.
 * @example
 * const batch = useRefreshBatch();
 * batch.mutate({ items: [{ connectionId: a }, { connectionId: b }], cancelUnwritables: true });
 */
export function useRefreshBatch<TOnMutateResult = unknown>(
  options: UseRefreshBatchOptions<TOnMutateResult> = {},
  queryClient?: QueryClient,
): UseMutationResult<RefreshBatch, PrepError, RefreshBatchVariables, TOnMutateResult> {
  const client = usePrepClient();
  const cache = useQueryClient(queryClient);
  const { timeoutMs, maxRetries, onSuccess, ...tanstack } = options;
  return useMutation(
    {
      mutationKey: forClient(prepMutationKeys.refreshBatch(), client),
      ...tanstack,
      mutationFn: ({ items, cancelUnwritables }) =>
        client.refreshBatch(items, { cancelUnwritables, timeoutMs, maxRetries }),
      // Awaited before the mutation settles, as in useRefreshConnection.
      onSuccess: async (...args) => {
        const [batch, { items }] = args;
        if (batch.batchRefreshId) {
          const key = forClient(prepKeys.refreshBatchStatus(batch.batchRefreshId), client);
          cache.setQueryData<RefreshBatchStatus>(key, toRefreshBatchStatus(batch));
        }
        const connectionIds = items.map((item) => item.connectionId);
        await invalidateRunConnections(cache, client, connectionIds);
        return onSuccess?.(...args);
      },
      retry: false,
    },
    queryClient,
  );
}

/**
 * Options of {@link useRefreshBatchStatus}: how to poll, and any TanStack `useQuery` option but
 * the key and function. Unset ones take `refreshBatchStatusQueryOptions`'s defaults, then
 * TanStack's.
 */
export type UseRefreshBatchStatusOptions<TData = RefreshBatchStatus> = RefreshBatchStatusOptions &
  Omit<
    UseQueryOptions<RefreshBatchStatus, PrepError, TData, RefreshBatchStatusQueryKey>,
    "queryKey" | "queryFn"
  >;

/**
 * Watches a batch until it finishes, as `useRefreshStatus` watches a run. `data` is a
 * `RefreshBatchStatus`: the batch, its `outcome`, and each child's. When a read first shows the
 * batch finished, the details of its connections and every list are invalidated; when a child
 * does not name its connection (the API promises no field), the details of every connection of
 * this client are. While `batchId` is missing the query waits and sends nothing.
 *
 * @param batchId - The batch's `batchRefreshId`, such as `data?.batchRefreshId` of
 * `useRefreshBatch`.
 * @param options - How to poll, and TanStack options.
 * @param queryClient - The `QueryClient` to use instead of the one in context.
 * @throws PrepError when `pollIntervalMs` is out of range, at once.
 * @typeParam TData - What `select` returns; `RefreshBatchStatus` without one.
 * @example
 * const { data } = useRefreshBatchStatus(batch.data?.batchRefreshId);
 * data?.children.map(({ run, outcome }) => `${run.connectionId}: ${outcome ?? "running"}`);
 */
export function useRefreshBatchStatus<TData = RefreshBatchStatus>(
  batchId: string | null | undefined,
  options: UseRefreshBatchStatusOptions<TData> = {},
  queryClient?: QueryClient,
): UseQueryResult<TData, PrepError> {
  const { workspaceId, pollIntervalMs, timeoutMs, maxRetries, ...tanstack } = options;
  const client = usePrepClient();
  const read = { workspaceId, timeoutMs, maxRetries };
  return useStatusQuery<RefreshBatchStatus, TData, RefreshBatchStatusQueryKey>(
    {
      queryKey: forClient(prepKeys.refreshBatchStatus(batchId), client),
      read: isId(batchId)
        ? (signal) => readRefreshBatchStatus(client, batchId, read, signal)
        : undefined,
      pollIntervalMs,
      // The batch's connections are those whose lastRun changed.
      ran: (status) => status.children.map(({ run }) => run.connectionId),
    },
    tanstack,
    queryClient,
  );
}
