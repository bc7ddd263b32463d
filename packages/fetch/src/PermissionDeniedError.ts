import { PrepApiError } from "./PrepApiError.ts";

/** 403: the token may not access this connection. */
export class PermissionDeniedError extends PrepApiError {
  override name = "PermissionDeniedError";
}
