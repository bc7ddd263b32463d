import { PrepApiError } from "./PrepApiError.ts";

/** 400: the request is invalid, such as a `workspaceId` the API rejects. */
export class BadRequestError extends PrepApiError {
  override name = "BadRequestError";
}
