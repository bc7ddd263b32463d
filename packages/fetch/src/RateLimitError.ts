import { readRetryAfter } from "./internal/readRetryAfter.ts";
import { PrepApiError } from "./PrepApiError.ts";

/** 429: too many requests, left after the retries or with a wait longer than 60 s. */
export class RateLimitError extends PrepApiError {
  override name = "RateLimitError";
  /** How long the server asked to wait, in milliseconds, when it said (`Retry-After`). */
  readonly retryAfterMs: number | undefined = readRetryAfter(this.headers);
}
