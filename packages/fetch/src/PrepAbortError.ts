import { PrepError } from "./PrepError.ts";

/** The caller aborted the request through its `signal`. The abort reason is the `cause`. */
export class PrepAbortError extends PrepError {
  override name = "PrepAbortError";

  constructor(reason?: unknown) {
    super("The request was aborted", { cause: reason });
  }
}
