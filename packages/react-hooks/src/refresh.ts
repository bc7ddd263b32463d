// Runs of connections, for any runtime: what a status query holds, its TanStack query options,
// and what a run changes in the cache. A plain module, so servers and loaders can prefetch with
// it; the hooks are in refresh.hooks.ts.
import {
  type DataTag,
  type Query,
  type QueryClient,
  type QueryKey,
  queryOptions,
  type UnusedSkipTokenOptions,
} from "@tanstack/react-query";
import type { ConnectionRun } from "@wdata-prep/core";
import { MAX_TIMER_MS } from "@wdata-prep/core/internal";
import {
  DEFAULT_POLL_INTERVAL_MS,
  type PrepClient,
  PrepError,
  type RunOutcome,
  runOutcome,
} from "@wdata-prep/fetch";
import type { RequestLimits } from "./connection.ts";
import { type ClientScope, forClient, isForClient, isId, prepKeys } from "./keys.ts";

/**
 * A run as a status query holds it: plain data. A run that failed or was cancelled is data too,
 * not a query error: its `outcome` says how it ended, and `run.error` why.
 */
export interface RefreshStatus {
  /** The run as the API last gave it: its `sourceStatus`, `destinationStatus` and `error`. */
  run: ConnectionRun;
  /**
   * How the run finished, by the rule of `runOutcome` from `@wdata-prep/fetch`; `undefined`
   * while it is still going.
   */
  outcome: RunOutcome | undefined;
}

/** `run` with its outcome, by the client's rule. */
export function toRefreshStatus(run: ConnectionRun): RefreshStatus {
  return { run, outcome: runOutcome(run) };
}

/** How a status query, a run's or a batch's, polls: how often, and the limits of each request. */
export interface PollOptions extends RequestLimits {
  /**
   * How long to wait between two status requests while the run is going, in milliseconds: more
   * than 0 and at most 2³¹ − 1 (`checkPollInterval`).
   * @default 2000 (`DEFAULT_POLL_INTERVAL_MS` of `@wdata-prep/fetch`, as its waits)
   */
  pollIntervalMs?: number | undefined;
}

/** What a run's status query asks for. */
export interface RefreshStatusOptions extends PollOptions {
  /** The `jobId` of the run, from `useRefreshConnection` or the connection's `lastRunJobId`. */
  jobId: string;
  /**
   * The ID of the workspace of the connection. Sent, but not part of the key: a `jobId` names
   * one run.
   * @default undefined (none is sent)
   */
  workspaceId?: string | undefined;
}

/** The query key of one run for one client. */
export type RefreshStatusQueryKey = readonly [
  ...ReturnType<typeof prepKeys.refreshStatus>,
  ClientScope,
];

/**
 * What `refreshStatusQueryOptions` returns: TanStack's `queryOptions` for a run, its key tagged
 * with the `RefreshStatus` and `PrepError`. Named, so that the published types say this and not
 * an expansion of it, which `exactOptionalPropertyTypes` would refuse.
 */
export type RefreshStatusQueryOptions<TData = RefreshStatus> = UnusedSkipTokenOptions<
  RefreshStatus,
  PrepError,
  TData,
  RefreshStatusQueryKey
> & {
  /** The run's key in the cache, tagged so that `getQueryData` reads it typed. */
  queryKey: DataTag<RefreshStatusQueryKey, RefreshStatus, PrepError>;
};

/** The options of any status query, as `statusQueryOptions` makes them. */
type StatusQueryOptions<TStatus, TData, TKey extends QueryKey> = UnusedSkipTokenOptions<
  TStatus,
  PrepError,
  TData,
  TKey
> & { queryKey: DataTag<TKey, TStatus, PrepError> };

/**
 * Throws a `PrepError` unless `pollIntervalMs` is an interval a timer honours: more than 0 and at
 * most core's `MAX_TIMER_MS` (2³¹ − 1) milliseconds. TanStack hands it to `setInterval`, which
 * would poll about every millisecond with a longer one.
 * @returns the interval, `DEFAULT_POLL_INTERVAL_MS` when none is given.
 */
export function checkPollInterval(pollIntervalMs = DEFAULT_POLL_INTERVAL_MS): number {
  if (
    typeof pollIntervalMs !== "number" ||
    !(pollIntervalMs > 0 && pollIntervalMs <= MAX_TIMER_MS)
  ) {
    throw new PrepError(
      `pollIntervalMs must be more than 0 and at most ${MAX_TIMER_MS} milliseconds, not ${String(pollIntervalMs)}`,
    );
  }
  return pollIntervalMs;
}

/** What a status query holds, for a run or a batch: at least how it finished, if it has. */
export interface Watched {
  outcome: RunOutcome | undefined;
}

/** What the polling of a status query looks at: its last data and error. */
interface StatusQuery {
  state: { data: Watched | undefined; error: PrepError | null };
}

/**
 * The `refetchInterval` of a status query: every `intervalMs` while its last read succeeded and
 * showed the run (or batch) still going, with no deadline (a status `runOutcome` does not know
 * counts as going); no more once it is finished, or a read failed (after the client's retries;
 * `refetch()` tries again).
 */
export function pollWhileGoing(intervalMs: number) {
  return (query: StatusQuery) => {
    const { data, error } = query.state;
    return data !== undefined && data.outcome === undefined && error === null ? intervalMs : false;
  };
}

/** The `staleTime` of a status query: a finished run never changes, so it stays fresh. */
export function freshOnceFinished(query: StatusQuery) {
  return query.state.data?.outcome === undefined ? 0 : Number.POSITIVE_INFINITY;
}

/**
 * The TanStack query options of a status query, a run's or a batch's: `read` for its data, asked
 * for again every `intervalMs` (checked by `checkPollInterval`) while the run is going and no
 * more once it is finished or a read failed; fresh for good once finished; `retry: false`, as in
 * `connectionQueryOptions`.
 */
export function statusQueryOptions<TStatus extends Watched, TData, TKey extends QueryKey>(
  queryKey: TKey,
  read: (signal: AbortSignal) => Promise<TStatus>,
  intervalMs: number,
): StatusQueryOptions<TStatus, TData, TKey> {
  return queryOptions<TStatus, PrepError, TData, TKey>({
    queryKey,
    queryFn: ({ signal }) => read(signal),
    refetchInterval: pollWhileGoing(intervalMs),
    staleTime: freshOnceFinished,
    retry: false,
  });
}

/** Reads the run `jobId` of a connection, as its status query holds it. */
export async function readRefreshStatus(
  client: PrepClient,
  connectionId: string,
  { jobId, workspaceId, timeoutMs, maxRetries }: RefreshStatusOptions,
  signal?: AbortSignal,
): Promise<RefreshStatus> {
  const options = { jobId, workspaceId, timeoutMs, maxRetries, signal };
  return toRefreshStatus(await client.getRefreshStatus(connectionId, options));
}

/**
 * TanStack query options for one run of a connection: the run and its outcome, asked for again
 * every `pollIntervalMs` while it is going and no more once it is finished or a read failed; a
 * finished run stays fresh for good; `retry` is `false`. For `useQuery`, `fetchQuery` and
 * `prefetchQuery`, also on a server with no React; their `queryKey` is the run's key in the
 * cache. Unlike `useRefreshStatus`, they invalidate nothing when the run finishes.
 *
 * @throws PrepError when `pollIntervalMs` is out of range (`checkPollInterval`).
 * @typeParam TData - What `select` makes of the status, for a hook that adds one.
 * @example
 * const status = await queryClient.fetchQuery(refreshStatusQueryOptions(prep, id, { jobId }));
 * if (status.outcome === "error") console.error(status.run.error);
 */
export function refreshStatusQueryOptions<TData = RefreshStatus>(
  client: PrepClient,
  connectionId: string,
  options: RefreshStatusOptions,
): RefreshStatusQueryOptions<TData> {
  return statusQueryOptions<RefreshStatus, TData, RefreshStatusQueryKey>(
    forClient(prepKeys.refreshStatus(connectionId, options.jobId), client),
    (signal) => readRefreshStatus(client, connectionId, options, signal),
    checkPollInterval(options.pollIntervalMs),
  );
}

/**
 * Makes the cache true after runs of `connectionIds` started or finished, which changed their
 * `lastRun`: invalidates those connections' details and every list of connections, of `client`
 * only. Every field the API returns is optional: when a run does not name its connection (an ID
 * is missing or blank) or none is named, the details of every connection of `client` are
 * invalidated instead. Queries on screen are fetched again; the others, when next used.
 */
export async function invalidateRunConnections(
  queryClient: QueryClient,
  client: PrepClient,
  connectionIds: readonly (string | null | undefined)[],
): Promise<void> {
  const predicate = (query: Query) => isForClient(query.queryKey, client);
  const details =
    connectionIds.length > 0 && connectionIds.every(isId)
      ? [...new Set(connectionIds)].map((id) => prepKeys.connection(id))
      : [[...prepKeys.connections(), "detail"]];
  await Promise.all([
    ...details.map((queryKey) => queryClient.invalidateQueries({ queryKey, predicate })),
    queryClient.invalidateQueries({ queryKey: prepKeys.connectionLists(), predicate }),
  ]);
}
