import { PrepApiError } from "./PrepApiError.ts";

/** 404: no connection has this ID (in this workspace, when one is given). */
export class NotFoundError extends PrepApiError {
  override name = "NotFoundError";
}
