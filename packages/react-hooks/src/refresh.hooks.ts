"use client";

// Runs of connections in React: a mutation that starts one, and a query that watches it until it
// finishes, each making the cache true when a run changes a connection's lastRun.
import {
  type QueryClient,
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
import { forClient, isId, prepKeys, prepMutationKeys } from "./keys.ts";
import {
  checkPollInterval,
  invalidateRunConnections,
  type PollOptions,
  type RefreshStatus,
  type RefreshStatusOptions,
  type RefreshStatusQueryKey,
  readRefreshStatus,
  statusQueryOptions,
  toRefreshStatus,
  type Watched,
} from "./refresh.ts";

/** What `mutate` of {@link useRefreshConnection} takes, as `client.refreshConnection` does. */
export interface RefreshConnectionVariables {
  /** The ID of the connection to run. */
  connectionId: string;
  /**
   * How to run it: its parameters, or its workspace.
   * @default {}
   */
  body?: RefreshConnection | undefined;
}

/**
 * Options of {@link useRefreshConnection}: limits for its request, and any TanStack
 * `useMutation` option but its function and `retry`.
 */
export type UseRefreshConnectionOptions<TOnMutateResult = unknown> = RequestLimits &
  Omit<
    UseMutationOptions<ConnectionRun, PrepError, RefreshConnectionVariables, TOnMutateResult>,
    "mutationFn" | "retry" | "retryDelay"
  >;

/**
 * Starts a run of a connection: `mutate({ connectionId, body })` resolves with the new run,
 * `not_started`; watch it with `useRefreshStatus(connectionId, { jobId: data?.jobId })`.
 *
 * Never retried, whatever the `QueryClient`'s defaults: a POST sent again could start a second
 * run. Once the run has started, its status is put in the cache where `useRefreshStatus` reads
 * it, and the connection's details and every list are invalidated (its `lastRun` changed); the
 * mutation settles, and your `onSuccess` runs, after those refetches. A mutation that fails
 * leaves the cache untouched.
 *
 * @param options - Limits for the request, and TanStack options; `mutationKey` is
 * `prepMutationKeys.refreshConnection()` and the client's scope unless given.
 * @param queryClient - The `QueryClient` to use instead of the one in context.
 * @example
 * const refresh = useRefreshConnection();
 * refresh.mutate({ connectionId, body: { sourceParameters: { fiscalPeriod: "2026-11" } } });
 */
export function useRefreshConnection<TOnMutateResult = unknown>(
  options: UseRefreshConnectionOptions<TOnMutateResult> = {},
  queryClient?: QueryClient,
): UseMutationResult<ConnectionRun, PrepError, RefreshConnectionVariables, TOnMutateResult> {
  const client = usePrepClient();
  const cache = useQueryClient(queryClient);
  const { timeoutMs, maxRetries, onSuccess, ...tanstack } = options;
  return useMutation(
    {
      mutationKey: forClient(prepMutationKeys.refreshConnection(), client),
      ...tanstack,
      mutationFn: ({ connectionId, body }) =>
        client.refreshConnection(connectionId, body, { timeoutMs, maxRetries }),
      // TanStack awaits what onSuccess returns before the mutation settles: the cache is true by
      // the time mutateAsync resolves and the caller's onSuccess runs.
      onSuccess: async (...args) => {
        const [run, { connectionId }] = args;
        if (run.jobId) {
          const key = forClient(prepKeys.refreshStatus(connectionId, run.jobId), client);
          cache.setQueryData<RefreshStatus>(key, toRefreshStatus(run));
        }
        await invalidateRunConnections(cache, client, [connectionId]);
        return onSuccess?.(...args);
      },
      retry: false,
    },
    queryClient,
  );
}

/**
 * Options of {@link useRefreshStatus}: the run's `jobId`, how to poll, and any TanStack
 * `useQuery` option but the key and function. Unset ones take `refreshStatusQueryOptions`'s
 * defaults, then TanStack's.
 */
export type UseRefreshStatusOptions<TData = RefreshStatus> = Omit<RefreshStatusOptions, "jobId"> & {
  /**
   * The `jobId` of the run, such as `data?.jobId` of `useRefreshConnection`: while it is empty,
   * `null` or `undefined`, the query waits and sends nothing.
   */
  jobId: string | null | undefined;
} & Omit<
    UseQueryOptions<RefreshStatus, PrepError, TData, RefreshStatusQueryKey>,
    "queryKey" | "queryFn"
  >;

/**
 * Watches a run of a connection until it finishes: asks for its status every `pollIntervalMs`
 * while it is going, and no more once it is finished (by `runOutcome`, the client's rule) or a
 * read failed (until `refetch()`). There is no deadline: unmount, or pass `enabled: false`, to
 * stop sooner. `data` is a `RefreshStatus`; a run that failed is data, not an `error`.
 *
 * When a read first shows the run finished, the connection's details and every list are
 * invalidated, since its `lastRun` changed. While `connectionId` or `jobId` is missing the query
 * waits and sends nothing.
 *
 * @param options - The run's `jobId`, how to poll, and TanStack options.
 * @param queryClient - The `QueryClient` to use instead of the one in context.
 * @throws PrepError when `pollIntervalMs` is out of range, at once.
 * @typeParam TData - What `select` returns; `RefreshStatus` without one.
 * @example
 * const { data } = useRefreshStatus(connectionId, { jobId: refresh.data?.jobId });
 * if (data?.outcome === "error") return <p>Failed: {data.run.error}</p>;
 */
export function useRefreshStatus<TData = RefreshStatus>(
  connectionId: string | null | undefined,
  options: UseRefreshStatusOptions<TData>,
  queryClient?: QueryClient,
): UseQueryResult<TData, PrepError> {
  const { jobId, workspaceId, pollIntervalMs, timeoutMs, maxRetries, ...tanstack } = options;
  const client = usePrepClient();
  const read = { workspaceId, timeoutMs, maxRetries };
  return useStatusQuery<RefreshStatus, TData, RefreshStatusQueryKey>(
    {
      queryKey: forClient(prepKeys.refreshStatus(connectionId, jobId), client),
      read:
        isId(connectionId) && isId(jobId)
          ? (signal) => readRefreshStatus(client, connectionId, { ...read, jobId }, signal)
          : undefined,
      pollIntervalMs,
      // The run's connection is the one whose lastRun changed.
      ran: () => [connectionId],
    },
    tanstack,
    queryClient,
  );
}

/** What {@link useStatusQuery} watches. */
interface StatusWatch<TStatus, TKey> extends Pick<PollOptions, "pollIntervalMs"> {
  /** The status query's key, also while it waits for its IDs. */
  queryKey: TKey;
  /** Reads the status; `undefined` while an ID is missing, so the query waits. */
  read: ((signal: AbortSignal) => Promise<TStatus>) | undefined;
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
  queryClient: QueryClient | undefined,
): UseQueryResult<TData, PrepError> {
  const client = usePrepClient();
  const cache = useQueryClient(queryClient);
  const intervalMs = checkPollInterval(pollIntervalMs);
  const status = read
    ? statusQueryOptions<TStatus, TData, TKey>(
        queryKey,
        async (signal) => {
          const before = cache.getQueryData<TStatus>(queryKey);
          const after = await read(signal);
          if (after.outcome !== undefined && before?.outcome === undefined) {
            // Not awaited: the finished status shows at once, the details and lists follow.
            void invalidateRunConnections(cache, client, ran(after));
          }
          return after;
        },
        intervalMs,
      )
    : ({ queryKey, queryFn: skipToken } as const);
  return useQuery({ ...status, ...options }, queryClient);
}
