import { PrepConnectionError } from "./PrepConnectionError.ts";

/** An attempt got no complete response within `timeoutMs`, and no retry was left. */
export class PrepTimeoutError extends PrepConnectionError {
  override name = "PrepTimeoutError";

  /** @param timeoutMs The time limit of each attempt, in milliseconds. */
  constructor(timeoutMs: number) {
    super(undefined, `The request timed out after ${timeoutMs} ms`);
  }
}
