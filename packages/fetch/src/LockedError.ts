import { PrepApiError } from "./PrepApiError.ts";

/** 423: the resource is locked. */
export class LockedError extends PrepApiError {
  override name = "LockedError";
}
