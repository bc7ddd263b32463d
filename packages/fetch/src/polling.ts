import {
  type ConnectionRun,
  type RefreshBatch,
  type RefreshBatchRequest,
  type RefreshConnection,
  type RunStatus,
  TERMINAL_RUN_STATUSES,
} from "@wdata-prep/core";
import type { PrepClient } from "./client.ts";
import {
  checkWorkspaceId,
  type GetRefreshBatchStatusOptions,
  type GetRefreshStatusOptions,
  type RefreshBatchOptions,
} from "./connections.ts";
import {
  isPrepError,
  PrepAbortError,
  type PrepError,
  PrepRunError,
  PrepTimeoutError,
  RateLimitError,
} from "./errors.ts";
import { check, checkMs, checkRetries } from "./options.ts";
import { sleep } from "./send.ts";

// Waiting for a run or a batch to finish: when it is finished and how, how often to ask, the
// deadline of the whole wait, and its abort.

/**
 * How a run or a batch finished, or `undefined` while it is still going. It is finished when
 * both sides are terminal (`complete`, `error` or `cancelled`), when one side is `error` or
 * `cancelled` while the other is not `running`, or when it carries an `error`. It is
 * `"complete"` when both sides are, `"error"` when a side is or it carries an `error`, else
 * `"cancelled"`. A status this package does not know, or a missing one, counts as still going.
 */
export function runOutcome(
  run: ConnectionRun | RefreshBatch,
): "complete" | "error" | "cancelled" | undefined {
  const { sourceStatus: source, destinationStatus: destination } = run;
  const finished =
    Boolean(run.error) ||
    (isTerminal(source) && isTerminal(destination)) ||
    (isFailure(source) && isSettled(destination)) ||
    (isFailure(destination) && isSettled(source));
  if (!finished) return undefined;
  if (run.error || source === "error" || destination === "error") return "error";
  return source === "complete" && destination === "complete" ? "complete" : "cancelled";
}

/** Whether `status` is one after which a side changes no more. */
function isTerminal(status: RunStatus | undefined): boolean {
  return status !== undefined && TERMINAL_RUN_STATUSES.includes(status);
}

/** Whether `status` is a terminal one other than `complete`: `error` or `cancelled`. */
function isFailure(status: RunStatus | undefined): boolean {
  return status !== "complete" && isTerminal(status);
}

/** Whether a side with `status` is known not to be running: terminal, or not started. */
function isSettled(status: RunStatus | undefined): boolean {
  return status === "not_started" || isTerminal(status);
}

/** The options of every wait. */
export interface WaitOptions<T> {
  /**
   * The deadline of the whole wait, in milliseconds: then it rejects with a `PrepTimeoutError`
   * that says the last status seen. Each request of the wait keeps the client's own time limit.
   * @default 600000 (10 minutes)
   */
  timeoutMs?: number;
  /**
   * How long to wait between two status requests, in milliseconds, give or take a tenth at
   * random so that clients spread out. After a 429 answer, the wait is its `Retry-After` when
   * that is longer.
   * @default 2000 (`DEFAULT_POLL_INTERVAL_MS`)
   */
  pollIntervalMs?: number;
  /**
   * Called with the run or batch each time its status changes (a side's, a child's, or its
   * `error`), the first status included. An error it throws ends the wait with that error.
   * @default undefined
   */
  onProgress?: (run: T) => void;
  /**
   * Aborts the wait: it rejects at once with a `PrepAbortError`, and nothing is left running.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * How many times each request of the wait may be retried.
   * @default the client's `maxRetries`
   */
  maxRetries?: number;
}

/** Options of `waitForRefresh`. */
export interface WaitForRefreshOptions
  extends WaitOptions<ConnectionRun>,
    Pick<GetRefreshStatusOptions, "workspaceId"> {
  /**
   * The `jobId` of the run to wait for, from `refreshConnection`: required, since the latest
   * run of the connection may be another one.
   */
  jobId: GetRefreshStatusOptions["jobId"];
}

/** Options of `refreshAndWait`: those of `waitForRefresh`, the `jobId` being the new run's. */
export type RefreshAndWaitOptions = Omit<WaitForRefreshOptions, "jobId" | "workspaceId"> & {
  /**
   * The ID of the workspace of the connection, for the status requests.
   * @default the `workspaceId` of the refresh body, if any
   */
  workspaceId?: GetRefreshStatusOptions["workspaceId"];
};

/** Options of `waitForBatch`. */
export interface WaitForBatchOptions
  extends WaitOptions<RefreshBatch>,
    Pick<GetRefreshBatchStatusOptions, "workspaceId"> {}

/** Options of `refreshBatchAndWait`: those of `waitForBatch`, and `cancelUnwritables` of the batch. */
export interface RefreshBatchAndWaitOptions
  extends WaitForBatchOptions,
    Pick<RefreshBatchOptions, "cancelUnwritables"> {}

/** The deadline of a wait, unless its options give one. */
const defaultWaitMs = 600_000;

/**
 * How long a wait sleeps between two status requests, in milliseconds, unless its
 * `pollIntervalMs` says otherwise: 2000.
 */
export const DEFAULT_POLL_INTERVAL_MS = 2000;

/** Waits for the run `jobId` of a connection to finish, polling its status by that `jobId`. */
export async function waitForRefresh(
  prep: Pick<PrepClient, "getRefreshStatus">,
  connectionId: string,
  options: WaitForRefreshOptions,
): Promise<ConnectionRun> {
  // JavaScript callers may pass nothing: that is reported like a missing jobId.
  const { jobId, workspaceId, maxRetries } = options ?? {};
  check(
    typeof jobId === "string",
    "jobId must be the jobId of the run to wait for: a wait never follows the latest run, which may be another one",
  );
  return waitUntilFinished(
    () => `the run ${jobId} of connection ${connectionId}`,
    (signal) => prep.getRefreshStatus(connectionId, { jobId, workspaceId, maxRetries, signal }),
    options,
  );
}

/** Starts a run of a connection, then waits for it to finish. */
export async function refreshAndWait(
  prep: Pick<PrepClient, "refreshConnection" | "getRefreshStatus">,
  connectionId: string,
  body: RefreshConnection = {},
  options: RefreshAndWaitOptions = {},
): Promise<ConnectionRun> {
  const { maxRetries, workspaceId = body?.workspaceId } = options;
  let jobId: string | undefined;
  return waitUntilFinished(
    // Until the POST is answered, the run may or may not have started.
    () => `the run ${jobId ?? "(its start not confirmed)"} of connection ${connectionId}`,
    (signal) => prep.getRefreshStatus(connectionId, { jobId, workspaceId, maxRetries, signal }),
    options,
    async (signal) => {
      const run = await prep.refreshConnection(connectionId, body, { maxRetries, signal });
      // Without its jobId the run cannot be told from another one.
      check(typeof run.jobId === "string", "The API started a run without a jobId to follow");
      jobId = run.jobId;
      return run;
    },
  );
}

/** Waits for a batch to finish, polling its status. */
export async function waitForBatch(
  prep: Pick<PrepClient, "getRefreshBatchStatus">,
  batchId: string,
  options: WaitForBatchOptions = {},
): Promise<RefreshBatch> {
  const { workspaceId, maxRetries } = options;
  return waitUntilFinished(
    () => `the batch ${batchId}`,
    (signal) => prep.getRefreshBatchStatus(batchId, { workspaceId, maxRetries, signal }),
    options,
  );
}

/** Starts a batch, then waits for it to finish. */
export async function refreshBatchAndWait(
  prep: Pick<PrepClient, "refreshBatch" | "getRefreshBatchStatus">,
  items: RefreshBatchRequest,
  options: RefreshBatchAndWaitOptions = {},
): Promise<RefreshBatch> {
  const { cancelUnwritables, workspaceId, maxRetries } = options;
  let batchId: string | undefined;
  return waitUntilFinished(
    () => `the batch ${batchId ?? "(its start not confirmed)"}`,
    // Polled only once the start has set the ID.
    (signal) => prep.getRefreshBatchStatus(batchId as string, { workspaceId, maxRetries, signal }),
    options,
    async (signal) => {
      const batch = await prep.refreshBatch(items, { cancelUnwritables, maxRetries, signal });
      check(
        typeof batch.batchRefreshId === "string",
        "The API started a batch without a batchRefreshId to follow",
      );
      batchId = batch.batchRefreshId;
      return batch;
    },
  );
}

/**
 * Polls with `poll` until the run or batch is finished: resolves with it when it completes,
 * and rejects with a `PrepRunError` when it ends in error or cancelled. `start`, when given, is
 * the first request (the one that starts the run) and its answer the first status. Rejects at
 * once, leaving nothing running, with a `PrepTimeoutError` at the deadline and a
 * `PrepAbortError` when the signal aborts: a request in flight may never notice its own abort
 * on Node 20 (undici issue 3644), so the wait does not wait for it. `what` names the run or
 * batch in the message of the deadline and of a failed status request.
 *
 * Every option is checked first, those the status requests take included (`workspaceId`,
 * `maxRetries`): a bad one fails before `start`, which would otherwise start a run that nothing
 * follows.
 */
function waitUntilFinished<T extends ConnectionRun | RefreshBatch>(
  what: () => string,
  poll: (signal: AbortSignal) => Promise<T>,
  options: WaitOptions<T> & { workspaceId?: string | undefined },
  start?: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const {
    timeoutMs = defaultWaitMs,
    pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
    onProgress,
  } = options;
  const { signal, maxRetries, workspaceId } = options;
  checkMs(timeoutMs, "timeoutMs");
  checkMs(pollIntervalMs, "pollIntervalMs");
  check(
    onProgress === undefined || typeof onProgress === "function",
    "onProgress must be a function",
  );
  if (maxRetries !== undefined) checkRetries(maxRetries);
  checkWorkspaceId(workspaceId);
  if (signal?.aborted) return Promise.reject(new PrepAbortError(signal.reason));
  // Aborted when the wait ends, however it ends: it ends the request or the sleep under way.
  const controller = new AbortController();
  let last: T | undefined;

  async function follow(): Promise<T> {
    let seen: string | undefined;
    let run = start ? await start(controller.signal) : await pollPatiently();
    for (;;) {
      // The wait may have ended while the answer came: nothing more is reported.
      controller.signal.throwIfAborted();
      last = run;
      const status = statusKey(run);
      if (status !== seen) onProgress?.(run);
      seen = status;
      const outcome = runOutcome(run);
      if (outcome === "complete") return run;
      if (outcome) throw new PrepRunError(run, outcome);
      await sleep(pollDelay(pollIntervalMs, timeoutMs), controller.signal);
      run = await pollPatiently();
    }
  }

  /** One status, however many 429 answers it takes: they are not failures of the wait. */
  async function pollPatiently(): Promise<T> {
    for (;;) {
      try {
        return await poll(controller.signal);
      } catch (error) {
        if (!(error instanceof RateLimitError)) throw naming(error, what());
        // The server's wait, but never less than the interval (a `Retry-After: 0` would make
        // the wait poll without a pause), and never past the deadline.
        const wait = Math.max(error.retryAfterMs ?? 0, pollIntervalMs);
        await sleep(Math.min(wait, timeoutMs), controller.signal);
      }
    }
  }

  return new Promise<T>((resolve, reject) => {
    /** Ends the wait: clears its timer and stops whatever request or sleep is under way. */
    const end = () => {
      clearTimeout(deadline);
      signal?.removeEventListener("abort", abort);
      controller.abort();
    };
    // The wait rejects at once, without waiting for the request under way to notice.
    const stop = (error: PrepError) => {
      reject(error);
      end();
    };
    const abort = () => stop(new PrepAbortError(signal?.reason));
    const deadline = setTimeout(() => {
      const lastSeen = last ? `last status: ${describeStatus(last)}` : "no status seen yet";
      stop(new PrepTimeoutError(timeoutMs, `Waiting for ${what()}`, lastSeen));
    }, timeoutMs);
    signal?.addEventListener("abort", abort);
    follow().then(resolve, reject).finally(end);
  });
}

/**
 * The sleep between two polls: `pollIntervalMs` give or take a tenth at random, so that clients
 * spread out, and never past the deadline `timeoutMs`. That also keeps it a delay a timer takes
 * (`timeoutMs` is at most core's `MAX_TIMER_MS`, 2³¹ − 1 ms), which jitter could push a long
 * interval over: a timer given more fires at once. `random` is for tests.
 */
export function pollDelay(pollIntervalMs: number, timeoutMs: number, random = Math.random): number {
  return Math.min(pollIntervalMs * (0.9 + random() * 0.2), timeoutMs);
}

/**
 * The error of a status request, its message saying which run or batch the wait follows: once a
 * wait has started a run, a failure (a 500, the network) must not lose its `jobId`.
 */
function naming(error: unknown, what: string): unknown {
  // The message is set before anything reads the stack, whose first line then says the same.
  if (isPrepError(error)) error.message = `${error.message} (while waiting for ${what})`;
  return error;
}

/** Everything of a run's or batch's status, its children's included: a change is progress. */
function statusKey(run: ConnectionRun | RefreshBatch): string {
  const children = "childRefreshes" in run ? run.childRefreshes : undefined;
  return JSON.stringify([
    run.sourceStatus,
    run.destinationStatus,
    run.error,
    children?.map(statusKey),
  ]);
}

/** The status of a run or batch, for the message of the deadline. */
function describeStatus(run: ConnectionRun | RefreshBatch): string {
  const sides = `source ${run.sourceStatus}, destination ${run.destinationStatus}`;
  const children = "childRefreshes" in run ? run.childRefreshes : undefined;
  if (!children) return sides;
  return `${sides}, ${children.filter(runOutcome).length} of ${children.length} runs finished`;
}
