import { AuthenticationError } from "../AuthenticationError.ts";
import { BadRequestError } from "../BadRequestError.ts";
import { ConflictError } from "../ConflictError.ts";
import { InternalServerError } from "../InternalServerError.ts";
import { LockedError } from "../LockedError.ts";
import { NotFoundError } from "../NotFoundError.ts";
import { PermissionDeniedError } from "../PermissionDeniedError.ts";
import { PrepApiError } from "../PrepApiError.ts";
import { RateLimitError } from "../RateLimitError.ts";

const classByStatus: Record<number, typeof PrepApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  423: LockedError,
  429: RateLimitError,
};

/** The error for an error response: the one place that picks the class for each status. */
export function createApiError(status: number, body: unknown, headers: Headers): PrepApiError {
  const ErrorClass = status >= 500 ? InternalServerError : (classByStatus[status] ?? PrepApiError);
  return new ErrorClass(status, body, headers);
}
