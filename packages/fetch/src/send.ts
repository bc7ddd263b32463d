import {
  isPrepError,
  PrepAbortError,
  PrepConnectionError,
  PrepTimeoutError,
  readRetryAfter,
} from "./errors.ts";

// Sending one request: each attempt with its token and its time limit, the retry policy and
// the waits between attempts, and the caller's abort. Every request of the client, the token
// requests of client credentials included, goes through `sendWithRetries`.

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
   * never reached it (see `retryDelay`).
   */
  idempotent: boolean;
}

/** The longest wait a server may ask for before a retry; a longer one fails at once. */
const maxRetryAfterMs = 60_000;

/** The statuses of a transient failure, which a later attempt may not meet. */
const retriedStatuses = [408, 429, 500, 502, 503, 504];

/**
 * The retry policy, in one place: how long to wait before retrying an attempt, or `undefined`
 * not to retry it. `outcome` is the attempt's response, or the `PrepConnectionError` (or
 * `PrepTimeoutError`) of an attempt that got none; `retry` counts the retries made so far.
 * `random` and `now` are for tests.
 */
export function retryDelay(
  idempotent: boolean,
  outcome: { status: number; headers: Headers } | PrepConnectionError,
  retry: number,
  maxRetries: number,
  { random = Math.random, now = Date.now() }: { random?: () => number; now?: number } = {},
): number | undefined {
  // Out of retries: the last outcome stands.
  if (retry >= maxRetries) return undefined;
  if (outcome instanceof PrepConnectionError) {
    // No response: a network failure or a timeout. A request that is safe to send twice backs
    // off. One that is not (a POST: without an idempotency key a second one starts a second
    // run) only when the connection was refused, so that nothing of it was sent; never after a
    // timeout or a connection lost mid-request, when it may have reached the server.
    return idempotent || refusedBeforeSending(outcome) ? backoffDelay(retry, random) : undefined;
  }
  // Success, or an error that a retry cannot fix (400, 401, 403, 404, 409, 423, …).
  if (!retriedStatuses.includes(outcome.status)) return undefined;
  const retryAfter = readRetryAfter(outcome.headers, now);
  // A request that is not safe to send twice, answered: retried only after a 429 or a 503 that
  // says when to come back, the server turning it away unread. A 5xx without it may come
  // after the run started.
  if (
    !idempotent &&
    (retryAfter === undefined || (outcome.status !== 429 && outcome.status !== 503))
  ) {
    return undefined;
  }
  // The server says when to come back: wait that long, unless it is longer than 60 s.
  if (retryAfter !== undefined) return retryAfter <= maxRetryAfterMs ? retryAfter : undefined;
  // A transient status with no wait given: exponential backoff with jitter.
  return backoffDelay(retry, random);
}

/**
 * Whether the network error of an attempt is a refused connection (`ECONNREFUSED`, on the
 * error or, as undici's fetch gives it, on its `cause`): then no byte of the request was sent.
 */
function refusedBeforeSending({ cause }: PrepConnectionError): boolean {
  const codes = [cause, (cause as { cause?: unknown } | undefined)?.cause].map(
    (error) => (error as { code?: unknown } | undefined)?.code,
  );
  return codes.includes("ECONNREFUSED");
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
 * caller's signal aborts, and `PrepConnectionError` or `PrepTimeoutError` when no response came.
 */
export async function sendWithRetries<T extends { response: Response }>(
  attempt: Attempt<T>,
  config: SendConfig,
  { signal, idempotent }: RequestTraits,
): Promise<T> {
  let renewed = false;
  for (let retry = 0; ; ) {
    const outcome = await timedAttempt(attempt, config, signal);
    const failed = outcome instanceof PrepConnectionError;
    // The API refused the token of client credentials: send once more with a new token, a
    // retry that `maxRetries` does not count.
    if (!failed && outcome.response.status === 401 && config.renewToken && !renewed) {
      renewed = true;
      config.renewToken();
      continue;
    }
    const delay = retryDelay(
      idempotent,
      failed ? outcome : outcome.response,
      retry,
      config.maxRetries,
    );
    if (delay === undefined) {
      if (failed) throw outcome;
      return outcome;
    }
    retry++;
    await sleep(delay, signal);
  }
}

/**
 * Sends a request that openapi-fetch built (those of `client.raw`) with retries: each attempt
 * sends a copy of it, and reads the body before the response is handed on.
 */
export async function sendRequest(request: Request, config: SendConfig): Promise<Response> {
  const { method, signal } = request;
  const { response } = await sendWithRetries(
    async (send, signal) => {
      // Each attempt sends a copy, with its signal for a custom fetch: a body can be sent only
      // once, and another attempt may follow, such as after a 401 with client credentials.
      const copy = new Request(request.body ? request.clone() : request, { signal });
      const response = await send(copy);
      // Reads a copy of the body, so the time limit covers it and the response keeps it.
      await response.clone().arrayBuffer();
      return { response };
    },
    config,
    { signal, idempotent: method === "GET" || method === "HEAD" },
  );
  return response;
}

/**
 * The requests of the attempts under way, each held until its attempt ends: Node 20's fetch
 * can lose the signal of a Request that is garbage-collected in flight (undici issues 3644 and
 * 4068), and with it the time limit and the caller's abort.
 */
const inFlight = new Set<Request>();

/**
 * One attempt with its own time limit, which the caller's signal also aborts. Resolves to what
 * the attempt resolves to, or to the `PrepConnectionError` (or `PrepTimeoutError`) of an
 * attempt that got no response, which may be retried; rejects with a final error: an abort, or
 * one of our own, such as a token that cannot be sent or a failed token request (retried
 * already on its own).
 */
async function timedAttempt<T extends { response: Response }>(
  attempt: Attempt<T>,
  config: SendConfig,
  callerSignal: AbortSignal | undefined,
): Promise<T | PrepConnectionError> {
  if (callerSignal?.aborted) throw new PrepAbortError(callerSignal.reason);
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, config.timeoutMs);
  callerSignal?.addEventListener("abort", abort);
  const { fetch } = config;
  let sent: Request | undefined;
  try {
    const token = await config.token?.(controller.signal);
    return await attempt(
      (request) => {
        if (token) request.headers.set("authorization", `Bearer ${token}`);
        sent = request;
        inFlight.add(request);
        return fetch ? fetch(request) : globalThis.fetch(request, { signal: controller.signal });
      },
      fetch ? controller.signal : undefined,
    );
  } catch (error) {
    // The caller aborted: final.
    if (callerSignal?.aborted) throw new PrepAbortError(callerSignal.reason);
    // The attempt was aborted, and not by the caller: its time limit ran out.
    if (controller.signal.aborted) return new PrepTimeoutError(config.timeoutMs);
    // Our own error, such as a token that cannot be sent: final.
    if (isPrepError(error)) throw error;
    // Anything else is the network failing.
    return new PrepConnectionError(error);
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", abort);
    if (sent) inFlight.delete(sent);
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
