import type { PrepClient } from "./client.ts";
import { checkId, checkWorkspaceId, type RequestOptions } from "./connections.ts";
import {
  describeTarget,
  type FailedOutcome,
  inWait,
  PrepAbortError,
  PrepBatchError,
  type PrepError,
  PrepRunError,
  PrepWaitTimeoutError,
  RateLimitError,
  type WaitTarget,
} from "./errors.ts";
import type { Log } from "./log.ts";
import {
  check,
  checkHeaders,
  checkMs,
  checkOptions,
  checkRetries,
  checkSignal,
  isFilled,
} from "./options.ts";
import { runOutcome } from "./outcome.ts";
import { type PrepPromise, prepPromise, type Result } from "./promise.ts";
import type { Secrets } from "./redact.ts";
import { isTransient, sleep } from "./send.ts";
import type {
  ConnectionRun,
  RefreshBatch,
  RefreshBatchRequest,
  RefreshConnection,
} from "./types.ts";

// Waiting for a run or a batch to finish: how often to ask, which failures of a status request
// it outlasts, the deadline of the whole wait, its abort, and the errors that name what it
// follows.

/** The options of every wait. `timeoutMs`, `maxRetries` and `headers` apply to each request. */
export interface WaitOptions<T> extends RequestOptions {
  /**
   * The deadline of the whole wait, in milliseconds: then it rejects with a
   * `PrepWaitTimeoutError` that holds the last status seen.
   * @default 600000 (10 minutes)
   */
  deadlineMs?: number | undefined;
  /**
   * How long to wait between two status requests, in milliseconds, give or take a tenth at
   * random so that clients spread out. After a 429 answer, the wait is its `Retry-After` when
   * that is longer.
   * @default 2000 (`DEFAULT_POLL_INTERVAL_MS`)
   */
  pollIntervalMs?: number | undefined;
  /**
   * Called with the run or batch each time its status changes (a side's, a child's, or its
   * `error`), the first status included. An error it throws ends the wait with that error.
   * @default undefined
   */
  onProgress?: ((run: T) => void) | undefined;
  /**
   * Aborts the wait: it rejects at once with a `PrepAbortError`, and nothing is left running.
   * @default undefined
   */
  signal?: AbortSignal | undefined;
}

/** Options of `waitForRefresh`. */
export interface WaitForRefreshOptions extends WaitOptions<ConnectionRun> {
  /**
   * The `jobId` of the run to wait for, from `refreshConnection`: required, since the latest
   * run of the connection may be another one.
   */
  jobId: string | undefined;
  /**
   * The ID of the workspace of the connection, at most 40 characters.
   * @default undefined (no `workspaceId` query parameter)
   */
  workspaceId?: string | undefined;
}

/** Options of `refreshAndWait`: those of `waitForRefresh`, the `jobId` being the new run's. */
export interface RefreshAndWaitOptions extends WaitOptions<ConnectionRun> {
  /**
   * The ID of the workspace of the connection, for the status requests.
   * @default the `workspaceId` of the refresh body, if any
   */
  workspaceId?: string | undefined;
}

/** Options of `waitForBatch`. */
export interface WaitForBatchOptions extends WaitOptions<RefreshBatch> {
  /**
   * The ID of a workspace of the batch's runs, at most 40 characters.
   * @default undefined (no `workspaceId` query parameter)
   */
  workspaceId?: string | undefined;
}

/** Options of `refreshBatchAndWait`: those of `waitForBatch`, and `cancelUnwritables`. */
export interface RefreshBatchAndWaitOptions extends WaitForBatchOptions {
  /**
   * Cancel each child whose destination cannot be written, on its own, instead of having the
   * whole batch refused.
   * @default undefined (not sent: the API's own default)
   */
  cancelUnwritables?: boolean | undefined;
}

/** What a wait sends its requests with: the client, its log, and its credentials. */
export interface Waiter {
  prep: Pick<
    PrepClient,
    "refreshConnection" | "getRefreshStatus" | "refreshBatch" | "getRefreshBatchStatus"
  >;
  log: Log | undefined;
  /** Redacted from the runs and batches the errors of a wait quote. */
  secrets: Secrets;
}

/** The deadline of a wait, unless its options give one. */
export const defaultDeadlineMs = 600_000;

/**
 * How long a wait sleeps between two status requests, in milliseconds, unless its
 * `pollIntervalMs` says otherwise.
 */
export const DEFAULT_POLL_INTERVAL_MS = 2000;

/** Waits for the run `jobId` of a connection to finish, polling its status by that `jobId`. */
export function waitForRefresh(
  { prep, log, secrets }: Waiter,
  connectionId: string,
  options: WaitForRefreshOptions,
): PrepPromise<ConnectionRun> {
  return prepPromise(() => {
    checkId(connectionId, "connectionId");
    // JavaScript callers may pass nothing: that is reported like a missing jobId.
    checkOptions(options);
    const { jobId, workspaceId } = options ?? {};
    check(
      isFilled(jobId),
      "jobId must be the jobId of the run to wait for: a wait never follows the latest run, which may be another one",
    );
    const target = { connectionId, jobId };
    return waitUntilFinished({ log, secrets }, target, options, {
      poll: (requests) =>
        prep.getRefreshStatus(connectionId, { ...requests, jobId, workspaceId }).withResponse(),
      fail: (run, outcome) => new PrepRunError(run, outcome, target),
    });
  });
}

/** Starts a run of a connection, then waits for it to finish. */
export function refreshAndWait(
  { prep, log, secrets }: Waiter,
  connectionId: string,
  body: RefreshConnection = {},
  options: RefreshAndWaitOptions = {},
): PrepPromise<ConnectionRun> {
  return prepPromise(() => {
    checkId(connectionId, "connectionId");
    checkOptions(options);
    const { workspaceId = body?.workspaceId } = options;
    const target: WaitTarget = { connectionId };
    return waitUntilFinished({ log, secrets }, target, options, {
      start: async (requests) => {
        const started = await prep.refreshConnection(connectionId, body, requests).withResponse();
        // Without its jobId the run cannot be told from another one.
        check(
          typeof started.data.jobId === "string",
          "The API started a run without a jobId to follow",
        );
        target.jobId = started.data.jobId;
        return started;
      },
      poll: (requests) =>
        prep
          .getRefreshStatus(connectionId, { ...requests, jobId: target.jobId, workspaceId })
          .withResponse(),
      fail: (finished, outcome) =>
        new PrepRunError(finished, outcome, { connectionId, jobId: target.jobId as string }),
    });
  });
}

/** Waits for a batch to finish, polling its status. */
export function waitForBatch(
  { prep, log, secrets }: Waiter,
  batchId: string,
  options: WaitForBatchOptions = {},
): PrepPromise<RefreshBatch> {
  return prepPromise(() => {
    checkId(batchId, "batchId");
    checkOptions(options);
    const { workspaceId } = options;
    return waitUntilFinished({ log, secrets }, { batchId }, options, {
      poll: (requests) =>
        prep.getRefreshBatchStatus(batchId, { ...requests, workspaceId }).withResponse(),
      fail: (batch, outcome) => new PrepBatchError(batch, outcome, batchId),
    });
  });
}

/** Starts a batch, then waits for it to finish. */
export function refreshBatchAndWait(
  { prep, log, secrets }: Waiter,
  items: RefreshBatchRequest,
  options: RefreshBatchAndWaitOptions = {},
): PrepPromise<RefreshBatch> {
  return prepPromise(() => {
    checkOptions(options);
    const { cancelUnwritables, workspaceId } = options;
    const target: WaitTarget = {};
    return waitUntilFinished({ log, secrets }, target, options, {
      start: async (requests) => {
        const started = await prep
          .refreshBatch(items, { ...requests, cancelUnwritables })
          .withResponse();
        check(
          typeof started.data.batchRefreshId === "string",
          "The API started a batch without a batchRefreshId to follow",
        );
        target.batchId = started.data.batchRefreshId;
        return started;
      },
      // Polled only once the start has set the ID.
      poll: (requests) =>
        prep
          .getRefreshBatchStatus(target.batchId as string, { ...requests, workspaceId })
          .withResponse(),
      fail: (batch, outcome) => new PrepBatchError(batch, outcome, target.batchId as string),
    });
  });
}

/** How a wait starts the run (if it does), reads its status, and fails when it did not complete. */
interface WaitRequests<T> {
  /** Starts the run or batch; its answer is the first status. */
  start?: (requests: RequestOptions) => Promise<Result<T>>;
  /** Reads the status. */
  poll: (requests: RequestOptions) => Promise<Result<T>>;
  /** The error of a run or batch that did not complete. */
  fail: (finished: T, outcome: FailedOutcome) => PrepError;
}

/**
 * Polls until the run or batch `target` is finished: resolves with its last status (and the
 * response of it) when it completes, and rejects with the error of `fail` when it ends in error
 * or cancelled. `start`, when given, is the first request (the one that starts the run) and
 * its answer the first status; `target` then gets its ID.
 *
 * A failed status request that may not fail again (see `isTransient`: the network, a time
 * limit, a 408, 429 or 5xx left after its retries) is followed by another after a pause, until
 * the deadline; any other failure ends the wait. At the deadline the wait rejects at once,
 * leaving nothing running, with a `PrepWaitTimeoutError`, and with a `PrepAbortError` when the
 * signal aborts: a request in flight may never notice its own abort on Node 20 (undici issue
 * 3644), so the wait does not wait for it. Once the run or batch has started, every rejection
 * names it (`inWait`).
 *
 * Every option is checked first, those the status requests take included (`signal`,
 * `workspaceId`, `timeoutMs`, `maxRetries`, `headers`): a bad one fails before `start`, which
 * would otherwise start a run that nothing follows.
 */
function waitUntilFinished<T extends ConnectionRun | RefreshBatch>(
  { log, secrets }: Pick<Waiter, "log" | "secrets">,
  target: WaitTarget,
  options: WaitOptions<T> & { workspaceId?: string | undefined },
  { start, poll, fail }: WaitRequests<T>,
): Promise<Result<T>> {
  const {
    deadlineMs = defaultDeadlineMs,
    pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
    onProgress,
  } = options;
  const { signal, timeoutMs, maxRetries, headers, workspaceId } = options;
  checkMs(deadlineMs, "deadlineMs");
  checkMs(pollIntervalMs, "pollIntervalMs");
  check(
    onProgress === undefined || typeof onProgress === "function",
    "onProgress must be a function",
  );
  checkSignal(signal);
  if (timeoutMs !== undefined) checkMs(timeoutMs, "timeoutMs");
  if (maxRetries !== undefined) checkRetries(maxRetries);
  checkHeaders(headers);
  checkWorkspaceId(workspaceId);
  /** Names the run or batch in an error, once it has started. */
  const named = (error: unknown) =>
    target.jobId !== undefined || target.batchId !== undefined ? inWait(error, target) : error;
  if (signal?.aborted) return Promise.reject(named(new PrepAbortError(signal.reason)));
  // Aborted when the wait ends, however it ends: it ends the request or the sleep under way.
  const controller = new AbortController();
  const requests = { timeoutMs, maxRetries, headers, signal: controller.signal };
  let last: T | undefined;

  async function follow(): Promise<Result<T>> {
    let seen: string | undefined;
    let result = start ? await start(requests) : await pollPatiently();
    for (;;) {
      // The wait may have ended while the answer came: nothing more is reported.
      controller.signal.throwIfAborted();
      const run = result.data;
      last = run;
      const status = statusKey(run);
      if (status !== seen) onProgress?.(run);
      seen = status;
      const outcome = runOutcome(run);
      if (outcome === "complete") return result;
      // The run as the error quotes it, the client's credentials redacted, as in every error.
      if (outcome) throw fail(secrets.value(run), outcome);
      await sleep(pollDelay(pollIntervalMs, deadlineMs), controller.signal);
      result = await pollPatiently();
    }
  }

  /** One status, however many transient failures it takes. */
  async function pollPatiently(): Promise<Result<T>> {
    for (;;) {
      try {
        return await poll(requests);
      } catch (error) {
        if (!isTransient(error)) throw named(error);
        // After a 429, the server's wait, but never less than the interval (a `Retry-After: 0`
        // would make the wait poll without a pause); after anything else, the interval. Never
        // past the deadline.
        const pause =
          error instanceof RateLimitError
            ? Math.min(Math.max(error.retryAfterMs ?? 0, pollIntervalMs), deadlineMs)
            : pollDelay(pollIntervalMs, deadlineMs);
        log?.(
          "info",
          `waiting for ${describeTarget(target)}: ${(error as PrepError).message}; polling again in ${Math.round(pause)} ms`,
        );
        await sleep(pause, controller.signal);
      }
    }
  }

  return new Promise<Result<T>>((resolve, reject) => {
    /** Ends the wait: clears its timer and stops whatever request or sleep is under way. */
    const end = () => {
      clearTimeout(deadline);
      signal?.removeEventListener("abort", abort);
      controller.abort();
    };
    // The wait rejects at once, without waiting for the request under way to notice.
    const stop = (error: unknown) => {
      reject(error);
      end();
    };
    const abort = () => stop(inWait(new PrepAbortError(signal?.reason), target));
    const deadline = setTimeout(
      () => stop(new PrepWaitTimeoutError(deadlineMs, secrets.value(last), { ...target })),
      deadlineMs,
    );
    signal?.addEventListener("abort", abort);
    follow().then(resolve, reject).finally(end);
  });
}

/**
 * The sleep between two polls: `pollIntervalMs` give or take a tenth at random, so that clients
 * spread out, and never past the deadline `deadlineMs`. That also keeps it a delay a timer
 * takes (`deadlineMs` is at most 2³¹ − 1 ms), which jitter could push a long interval over: a
 * timer given more fires at once. `random` is for tests.
 */
export function pollDelay(
  pollIntervalMs: number,
  deadlineMs: number,
  random = Math.random,
): number {
  return Math.min(pollIntervalMs * (0.9 + random() * 0.2), deadlineMs);
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
