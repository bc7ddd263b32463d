"use client";

// Runs of connections in React: a mutation that starts one, and a query that watches it until it
// finishes, each making the cache true when a run changes a connection's lastRun.
import {
  type QueryFunction,
  skipToken,
  type UseMutationOptions,
  type UseMutationResult,
  type UseQueryOptions,
  type UseQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import type { ConnectionRun, RefreshConnection } from "@wdata-prep/core";
import type { PrepError } from "@wdata-prep/fetch";
import type { RequestLimits } from "./connection.ts";
import { usePrepClient } from "./context.tsx";
import { forClient, isId, prepKeys } from "./keys.ts";
import {
  checkPollInterval,
  invalidateRunConnections,
  type PollOptions,
  type RefreshStatus,
  type RefreshStatusQueryKey,
  refreshStatusQueryOptions,
  toRefreshStatus,
} from "./refresh.ts";

/** What `mutate` of {@link useRefreshConnection} takes: the connection, and how to run it. */
export type RefreshConnectionVariables = RefreshConnection & {
  /** The ID of the connection to run. */
  connectionId: string;
};

/**
 * Options of {@link useRefreshConnection}: `timeoutMs` and `maxRetries` for its request, plus
 * any TanStack `useMutation` option but `retry`, which the hook owns.
 * @default {}
 */
export type UseRefreshConnectionOptions<TOnMutateResult = unknown> = RequestLimits &
  Omit<
    UseMutationOptions<ConnectionRun, PrepError, RefreshConnectionVariables, TOnMutateResult>,
    "mutationFn" | "retry" | "retryDelay"
  >;

/**
 * Starts a run of a connection: `mutate({ connectionId, ...body })` resolves with the new run,
 * `not_started`; follow it with `useRefreshStatus(connectionId, { jobId: data?.jobId })`.
 *
 * Never retried, whatever the `QueryClient`'s defaults: a POST sent again could start a second
 * run (the client sends it again only when it never reached the server). Once the run has
 * started, the connection's details and every list are invalidated (its `lastRun` changed), and
 * the run's status query starts from the run as the API answered. A mutation that fails leaves
 * the cache untouched.
 *
 * @example
 * const refresh = useRefreshConnection();
 * refresh.mutate({ connectionId, sourceParameters: { fiscalPeriod: "2026-11" } });
 */
export function useRefreshConnection<TOnMutateResult = unknown>(
  options: UseRefreshConnectionOptions<TOnMutateResult> = {},
): UseMutationResult<ConnectionRun, PrepError, RefreshConnectionVariables, TOnMutateResult> {
  const client = usePrepClient();
  const queryClient = useQueryClient();
  const { timeoutMs, maxRetries, ...mutationOptions } = options;
  return useMutation({
    ...mutationOptions,
    mutationFn: async ({ connectionId, ...body }) => {
      const run = await client.refreshConnection(connectionId, body, { timeoutMs, maxRetries });
      if (run.jobId) {
        const { jobId } = run;
        const key = prepKeys.refreshStatus(connectionId, { jobId, workspaceId: body.workspaceId });
        queryClient.setQueryData(forClient(key, client), toRefreshStatus(run));
      }
      void invalidateRunConnections(queryClient, client, [connectionId]);
      return run;
    },
    retry: false,
  });
}

/**
 * What {@link useRefreshStatus} watches: the run's `jobId` (the query waits while it is missing),
 * its workspace, how often to ask and the limits of each request.
 */
export interface UseRefreshStatusRun extends PollOptions {
  /**
   * The `jobId` of the run, such as `data?.jobId` of `useRefreshConnection`: while it is empty,
   * `null` or `undefined`, the query waits and sends nothing.
   */
  jobId: string | null | undefined;
  /**
   * The ID of the workspace of the connection.
   * @default undefined (no `workspaceId` is sent)
   */
  workspaceId?: string | undefined;
}

/**
 * Options of {@link useRefreshStatus}: any TanStack `useQuery` option. Unset options take the
 * defaults of `refreshStatusQueryOptions` (polling while the run is going, `retry: false`), then
 * TanStack's.
 * @default {}
 */
export type UseRefreshStatusOptions<TData = RefreshStatus> = Omit<
  UseQueryOptions<RefreshStatus, PrepError, TData, RefreshStatusQueryKey>,
  "queryKey" | "queryFn"
>;

/**
 * Watches a run of a connection until it finishes: asks for its status every `pollIntervalMs`
 * while it is going, and no more once it is finished (by the client's rule, `runOutcome`).
 * `data` is a `RefreshStatus`: `run`, as the API last gave it, and `outcome`, `undefined` while
 * it is going, then `"complete"`, `"error"` or `"cancelled"`. A run that failed is data, not an
 * error: `error` is a `PrepError` only when asking failed.
 *
 * Polling has no deadline: it goes on for as long as the run is going (a status `runOutcome`
 * does not know counts as going) and the hook is mounted. A read that fails stops it until
 * `refetch()`. Unmount, or pass `enabled: false`, to stop sooner.
 *
 * When a read first shows the run finished, the connection's details and every list are
 * invalidated, since its `lastRun` changed. While `connectionId` or `jobId` is missing the query
 * waits and sends nothing.
 *
 * @throws PrepError when `pollIntervalMs` is not more than 0 and at most 2³¹ − 1 ms (core's
 * `MAX_TIMER_MS`).
 *
 * @typeParam TData - What `select` returns; `RefreshStatus` without one.
 * @example
 * const { data } = useRefreshStatus(connectionId, { jobId: refresh.data?.jobId });
 * if (data?.outcome === "error") return <p>Failed: {data.run.error}</p>;
 */
export function useRefreshStatus<TData = RefreshStatus>(
  connectionId: string | null | undefined,
  watch: UseRefreshStatusRun,
  options: UseRefreshStatusOptions<TData> = {},
): UseQueryResult<TData, PrepError> {
  const { jobId, workspaceId, pollIntervalMs, timeoutMs, maxRetries } = watch;
  const client = usePrepClient();
  const queryClient = useQueryClient();
  // A bad interval is refused at once, not only once the IDs arrive.
  const interval = checkPollInterval(pollIntervalMs);
  const status =
    isId(connectionId) && isId(jobId)
      ? refreshStatusQueryOptions<TData>(client, connectionId, {
          jobId,
          workspaceId,
          pollIntervalMs: interval,
          timeoutMs,
          maxRetries,
        })
      : undefined;
  const read = status?.queryFn as QueryFunction<RefreshStatus, RefreshStatusQueryKey> | undefined;
  return useQuery({
    ...status,
    // The factory's key once both IDs are there; until then, keyed by what the hook got.
    queryKey: forClient(prepKeys.refreshStatus(connectionId, { jobId, workspaceId }), client),
    queryFn: read
      ? async (context) => {
          const before = queryClient.getQueryData<RefreshStatus>(context.queryKey);
          const after = await read(context);
          // The first read that shows the run finished: its connection's lastRun changed.
          if (after.outcome !== undefined && before?.outcome === undefined) {
            void invalidateRunConnections(queryClient, client, [connectionId]);
          }
          return after;
        }
      : // No IDs yet: skipToken keeps the query pending and sends nothing, even when enabled.
        skipToken,
    ...options,
  });
}
