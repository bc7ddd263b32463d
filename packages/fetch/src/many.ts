import { REFRESH_BATCH_MAX_ITEMS } from "@wdata-prep/core";
import type { PrepClient } from "./client.ts";
import { checkId, type RequestOptions } from "./connections.ts";
import {
  AuthenticationError,
  inWait,
  isPrepError,
  PrepAbortError,
  PrepError,
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
  describeValue,
} from "./options.ts";
import { type RunOutcome, runOutcome } from "./outcome.ts";
import { DEFAULT_POLL_INTERVAL_MS, defaultDeadlineMs, pollDelay } from "./polling.ts";
import type { Secrets } from "./redact.ts";
import { isTransient, refuseAuthorization, sleep, untilAborted } from "./send.ts";
import type { Connection, ConnectionRun, RefreshBatch } from "./types.ts";

// Refreshing many connections in one call: looking up where each one writes, packing those that
// write into one destination into batches, starting them a few at a time, and following every
// run with one poll loop that keeps to a share of the client's request budget, until each
// connection has its result. It never rejects because a run failed: each connection's result
// says how it ended, or why it never started.

/**
 * How `refreshMany` reports one connection: how its run ended (`complete`, `error` or
 * `cancelled`), `timed_out` when it was still going at the deadline, or `not_started`.
 */
export type RefreshManyOutcome = RunOutcome | "timed_out" | "not_started";

/** The result of one connection of `refreshMany`. */
export interface RefreshManyResult {
  /** The connection. */
  connectionId: string;
  /**
   * `complete`, `error` or `cancelled` as its run ended (or, for `error`, when its status could
   * no longer be read: then `error` says why); `timed_out` when the deadline came first;
   * `not_started` when no run of it was seen to start (`error` says why), or with `wait: false`
   * when its run was started and not followed (`run` is the run as started, with no `error`).
   */
  outcome: RefreshManyOutcome;
  /** Its run as last read: the child of its batch, or its own run. */
  run?: ConnectionRun;
  /** The batch its run is part of, when it was refreshed with others. */
  batchId?: string;
  /**
   * Why it did not complete, when a request or the deadline said so: the error of its lookup,
   * of the start of its batch or run (a refused batch: `BadRequestError`, `ConflictError`,
   * `LockedError`; no answer, whose `PrepConnectionError` says that it may have started all the
   * same, and how to look for it), of a status
   * request that cannot succeed, or a `PrepWaitTimeoutError`. A run that ended in error says
   * why in `run.error`.
   */
  error?: PrepError;
}

/** A connection's state during `refreshMany`: its result so far, `outcome` unset while it goes. */
export interface RefreshManyProgress extends Omit<RefreshManyResult, "outcome"> {
  /** How it ended, once it has; `undefined` while it is being looked up, started or run. */
  outcome: RefreshManyOutcome | undefined;
}

/** Options of `refreshMany`; `timeoutMs`, `maxRetries` and `headers` apply to each request. */
export interface RefreshManyOptions extends RequestOptions {
  /**
   * Wait for every run to finish. With `false`, resolves once every run has started (or was
   * refused), each `not_started` with its `run`.
   * @default true
   */
  wait?: boolean | undefined;
  /**
   * The deadline of the whole call, lookups and starts included, in milliseconds: then it
   * resolves at once, a run still going `timed_out`, one not started `not_started`, each with a
   * `PrepWaitTimeoutError`. Nothing is sent after it; the runs keep going on the server.
   * @default 600000 (10 minutes)
   */
  deadlineMs?: number | undefined;
  /**
   * How long to wait between two status requests of one batch or run, in milliseconds, give or
   * take a tenth. The poll loop sends one status request at a time, the batch or run polled
   * longest ago first, and with the client's `maxRequestsPerSecond` at most half of it.
   * @default 2000 (`DEFAULT_POLL_INTERVAL_MS`)
   */
  pollIntervalMs?: number | undefined;
  /**
   * How many requests to look connections up, and to start batches and runs, are under way at
   * once. With a request budget, they also wait for their turn in it.
   * @default 10
   */
  concurrency?: number | undefined;
  /**
   * Called with a connection's state each time it changes: when its run starts (the first
   * status), when its status changes, and when it ends (then with its result). An error it
   * throws ends the call with that error.
   * @default undefined
   */
  onProgress?: ((progress: RefreshManyProgress) => void) | undefined;
  /**
   * Start each batch with `cancelUnwritables` (as `refreshBatch` does): a connection whose
   * destination cannot be written is then `cancelled` on its own instead of its whole batch
   * being refused (`LockedError`). A connection refreshed alone is refused all the same.
   * @default undefined (not sent: the API's own default)
   */
  cancelUnwritables?: boolean | undefined;
  /**
   * Aborts the call: it rejects at once with a `PrepAbortError` and sends nothing more. The
   * runs already started keep going on the server; `onProgress` has told each one's state.
   * @default undefined
   */
  signal?: AbortSignal | undefined;
}

/** What `refreshMany` sends its requests with. */
export interface Many {
  prep: Pick<
    PrepClient,
    | "getConnection"
    | "refreshConnection"
    | "getRefreshStatus"
    | "refreshBatch"
    | "getRefreshBatchStatus"
  >;
  log: Log | undefined;
  /** Redacted from the runs and batches its results and errors quote, as a wait's errors do. */
  secrets: Secrets;
  /** The client's `maxRequestsPerSecond`, if any: the poll loop keeps to half of it. */
  requestsPerSecond: number | undefined;
  /** Whether the client sends its own `Authorization`, so refuses one in `headers`. */
  authorizes: boolean;
}

/** How many requests `refreshMany` has under way at once, unless told. */
const defaultConcurrency = 10;

/** One connection of the call, however many times it is given. */
interface Entry {
  connectionId: string;
  /** The connection, once known: where it writes. */
  connection?: Connection | undefined;
  state: RefreshManyProgress;
  /** The last state told to `onProgress`. */
  told?: string;
  /** Its batch or lone run, once started and followed. */
  unit?: Unit;
}

/** A batch, or a lone run, and the connections it refreshes. */
interface Unit {
  entries: Entry[];
  /** The batch's ID, once started; a lone run has none. */
  batchId?: string | undefined;
  /** A lone run's `jobId`, once started. */
  jobId?: string | undefined;
  /** The batch or run as last read. */
  last?: ConnectionRun | RefreshBatch;
  /** When it is due for its next status request, by `performance.now()`. */
  dueAt: number;
}

/**
 * Refreshes `connections` (IDs, or `Connection`s whose destination is then known) and resolves
 * with the result of each, in their order. Throws a `PrepError` for a bad argument before any
 * request, and rejects with a `PrepAbortError` when `signal` aborts.
 */
export function refreshMany(
  { prep, log, secrets, requestsPerSecond, authorizes }: Many,
  connections: readonly (string | Connection)[],
  options: RefreshManyOptions = {},
): Promise<RefreshManyResult[]> {
  let given: { entries: Map<string, Entry>; order: Entry[] };
  try {
    given = checkCall(connections, options, authorizes);
  } catch (error) {
    return Promise.reject(error);
  }
  const { entries, order } = given;
  const {
    wait = true,
    deadlineMs = defaultDeadlineMs,
    pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
    concurrency = defaultConcurrency,
    onProgress,
    signal,
    cancelUnwritables,
  } = options;
  if (signal?.aborted) return Promise.reject(new PrepAbortError(signal.reason));
  // Aborted when the call ends, however it ends: it ends every request and sleep under way.
  const controller = new AbortController();
  const { timeoutMs, maxRetries, headers } = options;
  /**
   * The requests under way, each with a signal of its own that the end of the call aborts:
   * sharing the call's signal would give it a listener per request (and Node a warning).
   */
  const underWay = new Set<AbortController>();
  controller.signal.addEventListener("abort", () => {
    for (const request of underWay) request.abort();
  });
  /** Sends a request with the call's options, until the call ends. */
  async function send<T>(request: (options: RequestOptions) => PromiseLike<T>): Promise<T> {
    controller.signal.throwIfAborted();
    const own = new AbortController();
    underWay.add(own);
    try {
      return await request({ timeoutMs, maxRetries, headers, signal: own.signal });
    } finally {
      underWay.delete(own);
    }
  }
  /** Polls take at most half the client's budget: the other half starts runs, and the rest. */
  const pollSpacingMs = requestsPerSecond ? 2000 / requestsPerSecond : 0;
  /** The batches and runs to poll, the one due first at the front. */
  const polled: Unit[] = [];
  /** Wakes the poll loop when a batch or run is added to `polled`, or the starts are done. */
  let wake = () => {};
  let startsDone = false;
  /** A 401 that the client could not cure with a new token: nothing more is sent after it. */
  let unauthorized: PrepError | undefined;

  /** Sets an entry's state, and tells `onProgress` when it changed; never once the call ended. */
  function update(entry: Entry, state: Omit<RefreshManyProgress, "connectionId">): void {
    controller.signal.throwIfAborted();
    const { run, batchId, outcome, error } = state;
    entry.state = {
      connectionId: entry.connectionId,
      outcome,
      ...(run && { run }),
      ...(batchId !== undefined && { batchId }),
      ...(error && { error }),
    };
    const told = JSON.stringify([outcome, run?.sourceStatus, run?.destinationStatus, run?.error]);
    if (told !== entry.told) onProgress?.({ ...entry.state });
    entry.told = told;
  }

  /**
   * Ends each of `ended` (their runs never started, or could no longer be followed) with
   * `error`: a 401 also keeps every later request from being sent.
   */
  function failAll(ended: Entry[], outcome: "not_started" | "error", error: PrepError): void {
    if (error instanceof AuthenticationError) unauthorized ??= error;
    for (const entry of ended) update(entry, { ...entry.state, outcome, error });
  }

  /** The error of a request, or the abort of the call, which ends the call. */
  function failure(error: unknown): PrepError {
    controller.signal.throwIfAborted();
    if (!isPrepError(error)) throw error;
    return error;
  }

  /** Looks up where each connection given by its ID writes. */
  async function lookUp(entry: Entry): Promise<void> {
    if (unauthorized) return failAll([entry], "not_started", unauthorized);
    try {
      entry.connection = await send((options) => prep.getConnection(entry.connectionId, options));
    } catch (error) {
      failAll([entry], "not_started", failure(error));
    }
  }

  /** Starts a batch or a lone run; with `wait`, hands it to the poll loop. */
  async function start(unit: Unit): Promise<void> {
    if (unauthorized) return failAll(unit.entries, "not_started", unauthorized);
    const [first] = unit.entries as [Entry];
    let started: ConnectionRun | RefreshBatch;
    try {
      if (unit.entries.length === 1) {
        const run = await send((options) =>
          prep.refreshConnection(first.connectionId, {}, options),
        );
        unit.jobId = run.jobId;
        started = run;
      } else {
        const items = unit.entries.map(({ connectionId }) => ({ connectionId }));
        const batch = await send((options) =>
          prep.refreshBatch(items, { ...options, cancelUnwritables }),
        );
        unit.batchId = batch.batchRefreshId;
        started = batch;
      }
    } catch (error) {
      return failAll(unit.entries, "not_started", failure(error));
    }
    if (!wait) {
      unit.last = secrets.value(started);
      for (const [index, entry] of unit.entries.entries()) {
        const run = childRun(unit, entry, index);
        update(entry, {
          run,
          batchId: unit.batchId,
          outcome: finished(unit, run) ?? "not_started",
        });
      }
      return;
    }
    // Without its ID, a run cannot be told from another one: it is not followed.
    if (unit.batchId === undefined && unit.jobId === undefined) {
      const what = unit.entries.length === 1 ? "a run without a jobId" : "a batch without an ID";
      return failAll(unit.entries, "error", new PrepError(`The API started ${what} to follow`));
    }
    for (const entry of unit.entries) entry.unit = unit;
    if (read(unit, started)) {
      unit.dueAt = performance.now() + pollDelay(pollIntervalMs, deadlineMs);
      polled.push(unit);
      wake();
    }
  }

  /**
   * Takes in the batch or run `unit` as just read: updates its connections, and ends those whose
   * run has finished. Returns whether any of them is still going. The batch or run is kept as
   * the results and errors quote it, the client's credentials redacted (see `Secrets`).
   */
  function read(unit: Unit, status: ConnectionRun | RefreshBatch): boolean {
    unit.last = secrets.value(status);
    let goesOn = false;
    for (const [index, entry] of unit.entries.entries()) {
      if (entry.state.outcome) continue;
      const run = childRun(unit, entry, index);
      const outcome = finished(unit, run);
      goesOn ||= outcome === undefined;
      update(entry, { run, batchId: unit.batchId, outcome });
    }
    return goesOn;
  }

  /**
   * The poll loop: one status request at a time, the batch or run due first first, each at most
   * once per poll interval, and with a request budget no more often than `pollSpacingMs` in all.
   * A failure that may not happen again (see `isTransient`) is polled again later, as the waits
   * do; any other ends its connections with that error.
   */
  async function pollAll(): Promise<void> {
    let lastPollAt = Number.NEGATIVE_INFINITY;
    for (;;) {
      const unit = polled.shift();
      if (!unit) {
        if (startsDone) return;
        await untilAborted(
          new Promise<void>((resolve) => {
            wake = resolve;
          }),
          controller.signal,
        );
        continue;
      }
      const pause = Math.max(unit.dueAt, lastPollAt + pollSpacingMs) - performance.now();
      if (pause > 0 && !unauthorized) await sleep(pause, controller.signal);
      // After a 401, its runs can no longer be followed.
      if (unauthorized) {
        failAll(going(unit), "error", unauthorized);
        continue;
      }
      lastPollAt = performance.now();
      let delay = pollDelay(pollIntervalMs, deadlineMs);
      const { batchId, jobId } = unit;
      const status = await send<ConnectionRun | RefreshBatch>((options) =>
        batchId
          ? prep.getRefreshBatchStatus(batchId, options)
          : prep.getRefreshStatus(unit.entries[0]?.connectionId as string, { ...options, jobId }),
      ).catch((error: unknown) => inWait(failure(error), target(unit)) as PrepError);
      if (!(status instanceof PrepError)) {
        if (!read(unit, status)) continue;
      } else if (!isTransient(status)) {
        failAll(going(unit), "error", status);
        continue;
      } else {
        // After a 429, the server's wait when it is longer than the interval.
        if (status instanceof RateLimitError) delay = Math.max(delay, status.retryAfterMs ?? 0);
        log?.("info", `${status.message}; polling again in ${Math.round(delay)} ms`);
      }
      unit.dueAt = performance.now() + delay;
      polled.push(unit);
    }
  }

  async function refreshAll(): Promise<void> {
    const distinct = [...entries.values()];
    await eachAtOnce(
      distinct.filter((entry) => !entry.connection),
      concurrency,
      lookUp,
    );
    const units = packBatches(distinct.filter((entry) => !entry.state.outcome));
    const polling = wait ? pollAll() : Promise.resolve();
    try {
      await eachAtOnce(units, concurrency, start);
    } finally {
      startsDone = true;
      wake();
    }
    await polling;
  }

  /** At the deadline: a run still going is `timed_out`, one not started `not_started`. */
  function timeOut(): void {
    for (const entry of entries.values()) {
      if (entry.state.outcome) continue;
      const { unit } = entry;
      const { run, batchId } = entry.state;
      const error = new PrepWaitTimeoutError(
        deadlineMs,
        unit?.last,
        unit ? target(unit) : { connectionId: entry.connectionId },
      );
      update(entry, { run, batchId, outcome: unit ? "timed_out" : "not_started", error });
    }
  }

  return new Promise<RefreshManyResult[]>((resolve, reject) => {
    const end = () => {
      clearTimeout(deadline);
      signal?.removeEventListener("abort", abort);
      controller.abort();
    };
    // The first of the deadline, the abort and the end of `refreshAll` settles the call; what
    // comes after it changes nothing, as a promise settles once and `end` does nothing twice.
    const settle = (finish: () => void) => {
      try {
        finish();
        resolve(order.map((entry) => entry.state as RefreshManyResult));
      } catch (error) {
        reject(error);
      }
      end();
    };
    const abort = () => {
      reject(new PrepAbortError(signal?.reason));
      end();
    };
    const deadline = setTimeout(() => settle(timeOut), deadlineMs);
    signal?.addEventListener("abort", abort);
    refreshAll().then(
      () => settle(() => {}),
      (error) => {
        reject(error);
        end();
      },
    );
  });
}

/**
 * Checks the arguments of `refreshMany` before any request, and gives its connections once
 * each (an ID given twice is refreshed once, and reported at each of its places), in `order`
 * of the input. A `Connection` tells where it writes; an ID is looked up.
 */
function checkCall(
  connections: readonly (string | Connection)[],
  options: RefreshManyOptions,
  authorizes: boolean,
): { entries: Map<string, Entry>; order: Entry[] } {
  check(
    Array.isArray(connections),
    `connections must be an array of IDs or Connections, not ${describeValue(connections)}`,
  );
  checkOptions(options);
  const { wait, deadlineMs, pollIntervalMs, concurrency, onProgress, signal } = options;
  const { timeoutMs, maxRetries, cancelUnwritables } = options;
  for (const [name, value] of Object.entries({ wait, cancelUnwritables })) {
    check(
      value === undefined || typeof value === "boolean",
      `${name} must be true or false, not ${describeValue(value)}`,
    );
  }
  if (deadlineMs !== undefined) checkMs(deadlineMs, "deadlineMs");
  if (pollIntervalMs !== undefined) checkMs(pollIntervalMs, "pollIntervalMs");
  check(
    concurrency === undefined || (Number.isInteger(concurrency) && concurrency >= 1),
    `concurrency must be a whole number >= 1, not ${describeValue(concurrency)}`,
  );
  check(
    onProgress === undefined || typeof onProgress === "function",
    "onProgress must be a function",
  );
  checkSignal(signal);
  if (timeoutMs !== undefined) checkMs(timeoutMs, "timeoutMs");
  if (maxRetries !== undefined) checkRetries(maxRetries);
  if (options.headers !== undefined) {
    const headers = checkHeaders(options.headers);
    if (authorizes) refuseAuthorization(headers);
  }
  const entries = new Map<string, Entry>();
  // `Array.from`, not `map`: a hole of a sparse array is a missing ID, not a place skipped.
  const order = Array.from(connections, (given, index) => {
    const connection = typeof given === "object" && given !== null ? given : undefined;
    const connectionId = connection ? connection.connectionId : given;
    checkId(connectionId, `connections[${index}] (an ID, or a Connection's connectionId)`);
    // Where a `Connection` writes decides its batch, by its strings: anything else is refused,
    // but for `null`, which an answer may hold where it does not know, as for a missing one.
    for (const name of ["destinationType", "destinationId"] as const) {
      const value = connection?.[name];
      check(
        value === undefined || value === null || typeof value === "string",
        `connections[${index}].${name} must be a string when given, not ${describeValue(value)}`,
      );
    }
    const entry = entries.get(connectionId) ?? {
      connectionId,
      state: { connectionId, outcome: undefined },
    };
    entry.connection ??= connection;
    entries.set(connectionId, entry);
    return entry;
  });
  return { entries, order };
}

/**
 * The batches and lone runs that refresh `entries`: those that write into one destination
 * (the same `destinationType` and `destinationId`) as batches of at most
 * `REFRESH_BATCH_MAX_ITEMS`, as even as can be; one alone in its destination, or whose
 * destination is not known, as a run of its own. In the order of each one's first connection.
 */
function packBatches(entries: readonly Entry[]): Unit[] {
  const groups = new Map<string, Entry[]>();
  const packed: Entry[][] = [];
  for (const entry of entries) {
    const { destinationType, destinationId } = entry.connection ?? {};
    if (!destinationType || !destinationId) {
      packed.push([entry]);
      continue;
    }
    const key = JSON.stringify([destinationType, destinationId]);
    const group = groups.get(key);
    if (group) group.push(entry);
    else {
      const created = [entry];
      groups.set(key, created);
      packed.push(created);
    }
  }
  return packed.flatMap((group) => {
    const size = Math.ceil(group.length / Math.ceil(group.length / REFRESH_BATCH_MAX_ITEMS));
    const units: Unit[] = [];
    for (let i = 0; i < group.length; i += size) {
      units.push({ entries: group.slice(i, i + size), dueAt: 0 });
    }
    return units;
  });
}

/**
 * The run of `entry` in `unit` as last read: its own run, or its child of the batch (by its
 * connectionId, else by its place in the batch).
 */
function childRun(unit: Unit, entry: Entry, index: number): ConnectionRun | undefined {
  const { last } = unit;
  if (!last || unit.entries.length === 1) return last as ConnectionRun | undefined;
  const children = (last as RefreshBatch).childRefreshes ?? [];
  return children.find((child) => child.connectionId === entry.connectionId) ?? children[index];
}

/**
 * How the run `run` of `unit` ended, or `undefined` while it goes: by its own statuses, or in a
 * batch that has finished, by the batch's when the run does not say.
 */
function finished(unit: Unit, run: ConnectionRun | undefined): RunOutcome | undefined {
  const own = run ? runOutcome(run) : undefined;
  return own ?? (unit.batchId !== undefined && unit.last ? runOutcome(unit.last) : undefined);
}

/** The connections of `unit` that have not ended. */
function going(unit: Unit): Entry[] {
  return unit.entries.filter((entry) => !entry.state.outcome);
}

/** The batch or run `unit` for an error of a wait. */
function target(unit: Unit): WaitTarget {
  return unit.batchId !== undefined
    ? { batchId: unit.batchId }
    : { connectionId: unit.entries[0]?.connectionId, jobId: unit.jobId };
}

/** Runs `task` on each of `items`, at most `limit` at once, and resolves once all have ended. */
async function eachAtOnce<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
