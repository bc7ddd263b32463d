import { PrepApiError } from "./PrepApiError.ts";

/** 409: the request conflicts with the state of the resource. */
export class ConflictError extends PrepApiError {
  override name = "ConflictError";
}
