import {
  isPrepError,
  PrepAbortError,
  PrepApiError,
  PrepConnectionError,
  PrepConnectionTimeoutError,
  PrepError,
  readRetryAfter,
} from "./errors.ts";
import { describeRequest, type Log, logAttempt, networkErrorKind } from "./log.ts";

// Sending one request: each attempt with its token and its time limit, the retry policy and
// the waits between attempts, the client's request budget, the caller's abort, and a log line
// per attempt. Every request of the client, the token requests of client credentials included,
// goes through `sendWithRetries`.

/** How `sendWithRetries` sends: the checked options of a client or of one call. */
export interface SendConfig {
  /**
   * The fetch to call, such as one with a proxy agent; `undefined` for the global `fetch`,
   * looked up at call time.
   */
  fetch?: ((input: Request) => Promise<Response>) | undefined;
  /**
   * Gives the bearer token of one attempt (a fixed one at once), and stops waiting when
   * `signal` aborts; without it no `Authorization` header is sent.
   */
  token?: ((signal: AbortSignal) => string | Promise<string>) | undefined;
  /**
   * Forgets the token after the API refused it with a 401, so that the request is sent once
   * more with a new one; only client credentials can give a new token.
   */
  renewToken?: (() => void) | undefined;
  /** The time limit of each attempt, in milliseconds. */
  timeoutMs: number;
  /** How many times a failed attempt may be retried. */
  maxRetries: number;
  /** Where each attempt writes its line; `undefined` when the log is off. */
  log?: Log | undefined;
  /** The client's request budget (`maxRequestsPerSecond`), which every attempt waits for. */
  budget?: RequestBudget | undefined;
}

/**
 * One attempt: builds the request, with `signal` when there is one, sends it with `send`, and
 * resolves once the body has been read (so that the time limit covers it too) to the
 * response, with whatever else the caller needs, such as the body openapi-fetch read. The
 * signal is `undefined` when the global fetch sends: it takes the attempt's signal directly,
 * which spares it a second signal to follow.
 */
export type Attempt<T extends { response: Response }> = (
  send: (request: Request) => Promise<Response>,
  signal: AbortSignal | undefined,
) => Promise<T>;

/** What `sendWithRetries` must know of the request itself. */
export interface RequestTraits {
  /** The caller's signal: aborting it ends the call at once with a `PrepAbortError`. */
  signal?: AbortSignal | undefined;
  /**
   * Whether the request may be sent again after any failed attempt: a GET, or a token request.
   * One that changes something on the server, a POST, is sent again only when it provably
   * never reached it (see `retryDecision`).
   */
  idempotent: boolean;
}

/** The longest wait a server may ask for before a retry; a longer one fails at once. */
const maxRetryAfterMs = 60_000;

/** The statuses of a transient failure, which a later attempt may not meet. */
const retriedStatuses = [408, 429, 500, 502, 503, 504];

/** Why a POST is not sent again: without an idempotency key a second one starts a second run. */
const mayHaveStarted = "a POST that may have reached the server is never sent twice";

/** What follows an attempt: another one after `delayMs`, or none, and `reason` says why not. */
export type RetryDecision = { delayMs: number } | { reason: string };

/**
 * The retry policy, in one place: whether to retry an attempt and after how long. `outcome` is
 * the attempt's response, or the `PrepConnectionError` (or `PrepConnectionTimeoutError`) of an
 * attempt that got none; `retry` counts the retries made so far. `random` and `now` are for
 * tests.
 */
export function retryDecision(
  idempotent: boolean,
  outcome: { status: number; headers: Headers } | PrepConnectionError,
  retry: number,
  maxRetries: number,
  { random = Math.random, now = Date.now() }: { random?: () => number; now?: number } = {},
): RetryDecision {
  let delayMs: number;
  if (outcome instanceof PrepConnectionError) {
    // No response: a network failure or a timeout. A request that is safe to send twice backs
    // off. One that is not (a POST) only when the connection was refused, so that nothing of it
    // was sent; never after a timeout or a connection lost mid-request, when it may have
    // reached the server.
    if (!idempotent && !refusedBeforeSending(outcome)) return { reason: mayHaveStarted };
    delayMs = backoffDelay(retry, random);
  } else {
    // Success, or an error that a retry cannot fix (400, 401, 403, 404, 409, 423, …).
    if (!retriedStatuses.includes(outcome.status)) return { reason: `${outcome.status} is final` };
    const retryAfter = readRetryAfter(outcome.headers, now);
    // A request that is not safe to send twice, answered: retried only after a 429 or a 503
    // that says when to come back, the server turning it away unread. A 5xx without it may
    // come after the run started.
    if (
      !idempotent &&
      (retryAfter === undefined || (outcome.status !== 429 && outcome.status !== 503))
    ) {
      return { reason: mayHaveStarted };
    }
    // The server says when to come back: wait that long, unless it is longer than 60 s.
    if (retryAfter !== undefined && retryAfter > maxRetryAfterMs) {
      return { reason: `the server asks to wait ${retryAfter} ms, more than ${maxRetryAfterMs}` };
    }
    // A transient status with no wait given: exponential backoff with jitter.
    delayMs = retryAfter ?? backoffDelay(retry, random);
  }
  // Out of retries: the last outcome stands.
  if (retry >= maxRetries) return { reason: `no retry left (maxRetries ${maxRetries})` };
  return { delayMs };
}

/**
 * Whether a failure may not happen again: no response (the network, a time limit), or a status
 * the retry policy retries. A wait polls on after one.
 */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof PrepConnectionError ||
    (error instanceof PrepApiError && retriedStatuses.includes(error.status))
  );
}

/** Whether the network error of an attempt is a refused connection: then nothing was sent. */
export function refusedBeforeSending(error: PrepConnectionError): boolean {
  return networkErrorKind(error) === "ECONNREFUSED";
}

/**
 * The wait before retry number `retry` (0 for the first) when the server does not say:
 * 0.5 s · 2ⁿ, at most 8 s, shortened by up to a quarter at random so clients spread out.
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  return Math.min(500 * 2 ** retry, 8000) * (1 - random() * 0.25);
}

/**
 * Runs `attempt` with a bearer token, a time limit per attempt and retries, and resolves to
 * the last response. The first attempt starts at once. Throws `PrepAbortError` as soon as the
 * caller's signal aborts, and `PrepConnectionError` or `PrepConnectionTimeoutError` when no
 * response came.
 */
export async function sendWithRetries<T extends { response: Response }>(
  attempt: Attempt<T>,
  config: SendConfig,
  { signal, idempotent }: RequestTraits,
): Promise<T> {
  const { log, maxRetries } = config;
  let renewed = false;
  for (let retry = 0; ; ) {
    const sent: Sent = { request: undefined, at: log ? performance.now() : 0 };
    const outcome = await timedAttempt(attempt, config, signal, sent);
    const answer = outcome instanceof PrepConnectionError ? outcome : outcome.response;
    if (config.budget && !(answer instanceof PrepConnectionError) && answer.status === 429) {
      holdAfter429(config.budget, answer.headers);
    }
    // The API refused the token of client credentials: send once more with a new token, a
    // retry that `maxRetries` does not count.
    if (
      !(answer instanceof PrepConnectionError) &&
      answer.status === 401 &&
      config.renewToken &&
      !renewed
    ) {
      renewed = true;
      config.renewToken();
      if (log) logAttempt(log, sent, answer, { retrying: "retrying with a new token" });
      continue;
    }
    const decision = retryDecision(idempotent, answer, retry, maxRetries);
    if ("reason" in decision) {
      if (log) logAttempt(log, sent, answer, decision);
      if (outcome instanceof PrepConnectionError) throw outcome;
      return outcome;
    }
    retry++;
    if (log) {
      const wait = Math.round(decision.delayMs);
      logAttempt(log, sent, answer, {
        retrying: `retrying in ${wait} ms (retry ${retry} of ${maxRetries})`,
      });
    }
    await sleep(decision.delayMs, signal);
  }
}

/** The request an attempt sent, once it is sent, and when the attempt started. */
export interface Sent {
  request: Request | undefined;
  at: number;
}

/**
 * The requests of the attempts under way, each held until its attempt ends: Node 20's fetch
 * can lose the signal of a Request that is garbage-collected in flight (undici issues 3644 and
 * 4068), and with it the time limit and the caller's abort.
 */
const inFlight = new Set<Request>();

/**
 * Throws a `PrepError` when `headers` set `Authorization` while the client sends its own token
 * (from `token` or `clientCredentials`): a header would silently lose to the token, or send it
 * elsewhere. It never quotes the value.
 */
export function refuseAuthorization(headers: Headers): void {
  if (headers.has("authorization")) {
    throw new PrepError(
      "headers must not set Authorization on a client with a token or clientCredentials: the client sends its own",
    );
  }
}

/**
 * One attempt with its own time limit, which the caller's signal also aborts. Resolves to what
 * the attempt resolves to, or to the `PrepConnectionError` (or `PrepConnectionTimeoutError`) of
 * an attempt that got no response, which may be retried; rejects with a final error: an abort,
 * one of our own, such as a token that cannot be sent or a failed token request (retried
 * already on its own), or whatever failed before the request was sent, such as a middleware.
 * Once sent, the request is in `sent`.
 */
async function timedAttempt<T extends { response: Response }>(
  attempt: Attempt<T>,
  config: SendConfig,
  callerSignal: AbortSignal | undefined,
  sent: Sent,
): Promise<T | PrepConnectionError> {
  if (callerSignal?.aborted) throw new PrepAbortError(callerSignal.reason);
  const controller = new AbortController();
  const abort = () => controller.abort();
  let timer = setTimeout(abort, config.timeoutMs);
  callerSignal?.addEventListener("abort", abort);
  const { fetch, budget } = config;
  try {
    const token = await config.token?.(controller.signal);
    // Its turn comes after its token, whose request takes a turn of its own. Waiting for it is
    // no part of the attempt's time limit, which starts again once the attempt may be sent.
    if (budget) {
      clearTimeout(timer);
      await budget.take(controller.signal);
      timer = setTimeout(abort, config.timeoutMs);
      sent.at = performance.now();
    }
    return await attempt(
      (request) => {
        if (token) {
          refuseAuthorization(request.headers);
          request.headers.set("authorization", `Bearer ${token}`);
        }
        sent.request = request;
        inFlight.add(request);
        return fetch ? fetch(request) : globalThis.fetch(request, { signal: controller.signal });
      },
      fetch ? controller.signal : undefined,
    );
  } catch (error) {
    // The caller aborted: final.
    if (callerSignal?.aborted) {
      if (config.log && sent.request) {
        const ms = Math.round(performance.now() - sent.at);
        config.log("debug", `${describeRequest(sent.request)}: aborted after ${ms} ms`);
      }
      throw new PrepAbortError(callerSignal.reason);
    }
    // The attempt was aborted, and not by the caller: its time limit ran out.
    if (controller.signal.aborted) return new PrepConnectionTimeoutError(config.timeoutMs);
    // Our own error, such as a token that cannot be sent, or anything that failed before the
    // request was sent: final.
    if (isPrepError(error) || !sent.request) throw error;
    // Anything else is the network failing.
    return new PrepConnectionError(error);
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", abort);
    if (sent.request) inFlight.delete(sent.request);
  }
}

/** Waits `ms`, such as before a retry; rejects with `PrepAbortError` as soon as `signal` aborts. */
export async function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await untilAborted(new Promise((wake) => (timer = setTimeout(wake, ms))), signal);
  } finally {
    clearTimeout(timer);
  }
}

/** `promise`, or a rejection with `PrepAbortError` as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const stop = () => reject(new PrepAbortError(signal.reason));
    if (signal.aborted) stop();
    signal.addEventListener("abort", stop);
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}

/**
 * The request budget of a client with `maxRequestsPerSecond`, shared by every request it sends,
 * the token requests of client credentials included: a token bucket that holds one token, so
 * that attempts are sent one at a time, in the order they asked, at least
 * `1000 / requestsPerSecond` ms apart, never in a burst. A 429 with `Retry-After` holds every
 * attempt not yet sent until then.
 */
export interface RequestBudget {
  /** The most requests per second. */
  readonly requestsPerSecond: number;
  /** Resolves when an attempt may be sent; rejects with `PrepAbortError` when `signal` aborts. */
  take(signal: AbortSignal): Promise<void>;
  /** Holds every attempt not yet sent for `ms` (from now), and says so in the log. */
  pause(ms: number): void;
}

/** The budget of `requestsPerSecond` (checked by the caller), writing its pauses to `log`. */
export function createRequestBudget(
  requestsPerSecond: number,
  log: Log | undefined,
): RequestBudget {
  const spacingMs = 1000 / requestsPerSecond;
  // Times from `performance.now()`: when the next attempt may go, and the end of a pause.
  let nextAt = 0;
  let pausedUntil = 0;
  /** The attempts waiting for their turn, each by the function that lets it go, in order. */
  const waiting = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Lets the first attempt go if its turn has come, and sets a timer for the next turn. */
  function release(): void {
    timer = undefined;
    const [first] = waiting;
    if (!first) return;
    const wait = Math.max(nextAt, pausedUntil) - performance.now();
    if (wait > 0) {
      timer = setTimeout(release, wait);
      return;
    }
    nextAt = performance.now() + spacingMs;
    waiting.delete(first);
    first();
    if (waiting.size > 0) timer = setTimeout(release, spacingMs);
  }

  return {
    requestsPerSecond,
    take(signal) {
      return new Promise((resolve, reject) => {
        const leave = () => {
          waiting.delete(go);
          // The timer of the next turn lets no one go once no attempt waits: it would only keep
          // the process alive, for as long as the spacing (up to 2³¹ − 1 ms).
          if (waiting.size === 0) {
            clearTimeout(timer);
            timer = undefined;
          }
          reject(new PrepAbortError(signal.reason));
        };
        const go = () => {
          signal.removeEventListener("abort", leave);
          resolve();
        };
        if (signal.aborted) return leave();
        signal.addEventListener("abort", leave);
        waiting.add(go);
        if (!timer) release();
      });
    },
    pause(ms) {
      const until = performance.now() + ms;
      if (until <= pausedUntil) return;
      pausedUntil = until;
      log?.(
        "info",
        `429 Too many requests: every request of this client waits ${Math.round(ms)} ms`,
      );
    },
  };
}

/**
 * After a 429, holds every request of the client for its `Retry-After` (up to 60 s), as the
 * server asks it, rather than only the request that got it; a 429 without one holds none.
 */
function holdAfter429(budget: RequestBudget, headers: Headers): void {
  const wait = readRetryAfter(headers);
  if (wait !== undefined) budget.pause(Math.min(wait, maxRetryAfterMs));
}
