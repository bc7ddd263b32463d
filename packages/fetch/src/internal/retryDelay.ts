import { readRetryAfter } from "../errors.ts";
import { backoffDelay } from "./backoffDelay.ts";

/** The longest wait a server may ask for before a retry; a longer one fails at once. */
const maxRetryAfterMs = 60_000;
const retriedStatuses = [408, 429, 500, 502, 503, 504];

/**
 * The retry policy, in one place: how long to wait before retrying an attempt, or `undefined`
 * not to retry it. `response` is `undefined` when the attempt failed on the network or timed out.
 */
export function retryDelay(
  method: string,
  response: { status: number; headers: Headers } | undefined,
  retry: number,
  maxRetries: number,
  random?: () => number,
): number | undefined {
  // Out of retries: the last outcome stands.
  if (retry >= maxRetries) return undefined;
  // Only idempotent requests are sent twice.
  if (method !== "GET" && method !== "HEAD") return undefined;
  // Success, or an error that a retry cannot fix (400, 401, 403, 404, 409, 423, …).
  if (response && !retriedStatuses.includes(response.status)) return undefined;
  const retryAfter = response && readRetryAfter(response.headers);
  // The server says when to come back: wait that long, unless it is longer than 60 s.
  if (retryAfter !== undefined) return retryAfter <= maxRetryAfterMs ? retryAfter : undefined;
  // No response (a network failure or a timeout: the server may never have seen the request),
  // or a transient status with no wait given: exponential backoff with jitter.
  return backoffDelay(retry, random);
}
