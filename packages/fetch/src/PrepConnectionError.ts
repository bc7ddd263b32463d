import { PrepError } from "./PrepError.ts";

/** The request got no response: the network failed. The network error is the `cause`. */
export class PrepConnectionError extends PrepError {
  override name = "PrepConnectionError";

  constructor(cause?: unknown, message = "Could not reach the server") {
    super(message, { cause });
  }
}
