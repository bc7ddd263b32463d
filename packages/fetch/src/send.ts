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
   * The fetch to call, such as one that adds a client-credentials token; `undefined` for the
   * global `fetch`, looked up at call time.
   */
  fetch?: ((input: Request) => Promise<Response>) | undefined;
  /** Gives the bearer token of one attempt; without it no `Authorization` header is sent. */
  token?: (() => Promise<string>) | undefined;
  /** The time limit of each attempt, in milliseconds. */
  timeoutMs: number;
  /** How many times a failed attempt may be retried. */
  maxRetries: number;
}

/** The longest wait a server may ask for before a retry; a longer one fails at once. */
const maxRetryAfterMs = 60_000;

/** The statuses of a transient failure, which a later attempt may not meet. */
const retriedStatuses = [408, 429, 500, 502, 503, 504];

/**
 * The retry policy, in one place: how long to wait before retrying an attempt, or `undefined`
 * not to retry it. `response` is `undefined` when the attempt failed on the network or timed
 * out; `retry` counts the retries made so far. `random` and `now` are for tests.
 */
export function retryDelay(
  method: string,
  response: { status: number; headers: Headers } | undefined,
  retry: number,
  maxRetries: number,
  { random = Math.random, now = Date.now() }: { random?: () => number; now?: number } = {},
): number | undefined {
  // Out of retries: the last outcome stands.
  if (retry >= maxRetries) return undefined;
  // Only idempotent requests are sent twice: a POST that may have reached the server is not.
  if (method !== "GET" && method !== "HEAD") return undefined;
  // Success, or an error that a retry cannot fix (400, 401, 403, 404, 409, 423, …).
  if (response && !retriedStatuses.includes(response.status)) return undefined;
  const retryAfter = response && readRetryAfter(response.headers, now);
  // The server says when to come back: wait that long, unless it is longer than 60 s.
  if (retryAfter !== undefined) return retryAfter <= maxRetryAfterMs ? retryAfter : undefined;
  // No response (a network failure or a timeout: the server may never have seen the request),
  // or a transient status with no wait given: exponential backoff with jitter.
  return backoffDelay(retry, random);
}

/**
 * The wait before retry number `retry` (0 for the first) when the server does not say:
 * 0.5 s · 2ⁿ, at most 8 s, shortened by up to a quarter at random so clients spread out.
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  return Math.min(500 * 2 ** retry, 8000) * (1 - random() * 0.25);
}

/**
 * Sends `request` with a bearer token, a time limit per attempt and retries, and resolves to
 * the last response, its body read. Throws `PrepAbortError` as soon as the request's own signal
 * aborts, and `PrepConnectionError` or `PrepTimeoutError` when no response came back.
 */
export async function sendWithRetries(request: Request, config: SendConfig): Promise<Response> {
  const { signal } = request;
  const { token, timeoutMs } = config;
  for (let retry = 0, delay = 0; ; retry++) {
    const attempt = new AbortController();
    const abort = () => attempt.abort();
    // Rejects when the attempt is aborted, to cut short the waits that take no signal. The
    // first wait below handles its rejection, in the same turn as any abort before it.
    const aborted = new Promise<never>((_, reject) => {
      attempt.signal.onabort = reject;
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let response: Response | undefined;
    let failure: unknown;
    // The request's signal follows the caller's, and is this call's alone: the handler is safe.
    signal.onabort = abort;
    try {
      if (signal.aborted) abort();
      const waited = new Promise((wake) => {
        timer = setTimeout(wake, delay);
      });
      await Promise.race([waited, aborted]);
      timer = setTimeout(abort, timeoutMs);
      // Only GET and HEAD requests, which have no body, are sent more than once.
      const copy = new Request(request, { signal: attempt.signal });
      if (token) {
        copy.headers.set("authorization", `Bearer ${await Promise.race([token(), aborted])}`);
      }
      const send = config.fetch ?? globalThis.fetch;
      response = await send(copy);
      // Reads a copy of the body, so the time limit covers it and the response keeps it.
      await response.clone().text();
    } catch (error) {
      failure = attemptFailure(error, signal, attempt.signal, timeoutMs);
      // Only a missing response is retried; an abort, or any other error such as a refused
      // token, is final.
      if (!(failure instanceof PrepConnectionError)) throw failure;
      response = undefined;
    } finally {
      clearTimeout(timer);
    }
    const next = retryDelay(request.method, response, retry, config.maxRetries);
    if (next === undefined) {
      if (response) return response;
      throw failure;
    }
    delay = next;
  }
}

/** The error that ends an attempt that threw `error`. */
function attemptFailure(
  error: unknown,
  callerSignal: AbortSignal,
  attemptSignal: AbortSignal,
  timeoutMs: number,
): unknown {
  // The caller aborted: final.
  if (callerSignal.aborted) return new PrepAbortError(callerSignal.reason);
  // The attempt was aborted, and not by the caller: its time limit ran out.
  if (attemptSignal.aborted) return new PrepTimeoutError(timeoutMs);
  // Our own error, such as a token the token function gave that cannot be sent.
  if (isPrepError(error)) return error;
  // Anything else is the network failing.
  return new PrepConnectionError(error);
}
