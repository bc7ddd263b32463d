"use client";

// Runs of connections in React: a mutation that starts one, and a query that watches it until it
// finishes, each making the cache true when a run changes a connection's lastRun.
import {
  type QueryKey,
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
  type RefreshStatus,
  type RefreshStatusOptions,
  type RefreshStatusQueryKey,
  readRefreshStatus,
  statusQueryOptions,
  toRefreshStatus,
  type Watched,
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
export type UseRefreshStatusRun = Omit<RefreshStatusOptions, "jobId"> & {
  /**
   * The `jobId` of the run, such as `data?.jobId` of `useRefreshConnection`: while it is empty,
   * `null` or `undefined`, the query waits and sends nothing.
   */
  jobId: string | null | undefined;
};

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
  const { jobId, workspaceId } = watch;
  const client = usePrepClient();
  return useStatusQuery<RefreshStatus, TData, RefreshStatusQueryKey>(
    {
      queryKey: forClient(prepKeys.refreshStatus(connectionId, { jobId, workspaceId }), client),
      read:
        isId(connectionId) && isId(jobId)
          ? (signal) => readRefreshStatus(client, connectionId, { ...watch, jobId }, signal)
          : undefined,
      pollIntervalMs: watch.pollIntervalMs,
      // The run's connection is the one whose lastRun changed.
      ran: () => [connectionId],
    },
    options,
  );
}

/** What {@link useStatusQuery} watches. */
interface StatusWatch<TStatus, TKey> {
  /** The status query's key, also while it waits for its IDs. */
  queryKey: TKey;
  /** Reads the status; `undefined` while an ID is missing, so the query waits. */
  read: ((signal: AbortSignal) => Promise<TStatus>) | undefined;
  /** How often to read it while it is going. */
  pollIntervalMs: number | undefined;
  /** The IDs of the connections that ran, whose `lastRun` a finish changes. */
  ran: (status: TStatus) => readonly (string | null | undefined)[];
}

/**
 * The query of a status hook, a run's or a batch's: it polls as `statusQueryOptions` does, and
 * the first read that shows the run finished invalidates the details of the connections that ran
 * and every list, of this client only. While `read` is `undefined` it waits: skipToken keeps it
 * pending and sends nothing, even when enabled. A bad interval is refused at once, not only once
 * the IDs arrive.
 */
export function useStatusQuery<TStatus extends Watched, TData, TKey extends QueryKey>(
  { queryKey, read, pollIntervalMs, ran }: StatusWatch<TStatus, TKey>,
  options: Omit<UseQueryOptions<TStatus, PrepError, TData, TKey>, "queryKey" | "queryFn">,
): UseQueryResult<TData, PrepError> {
  const client = usePrepClient();
  const queryClient = useQueryClient();
  const intervalMs = checkPollInterval(pollIntervalMs);
  const status = read
    ? statusQueryOptions<TStatus, TData, TKey>(
        queryKey,
        async (signal) => {
          const before = queryClient.getQueryData<TStatus>(queryKey);
          const after = await read(signal);
          if (after.outcome !== undefined && before?.outcome === undefined) {
            void invalidateRunConnections(queryClient, client, ran(after));
          }
          return after;
        },
        intervalMs,
      )
    : ({ queryKey, queryFn: skipToken } as const);
  return useQuery({ ...status, ...options });
}
