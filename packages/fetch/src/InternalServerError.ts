import { PrepApiError } from "./PrepApiError.ts";

/** 500 or any other 5xx status: an error on the server, left after the retries. */
export class InternalServerError extends PrepApiError {
  override name = "InternalServerError";
}
