// The public API of @wdata-prep/fetch: functions and error classes first, types apart.

export { createTokenProvider } from "./auth.ts";
export { createPrepClient } from "./client.ts";
export {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  isPrepError,
  LockedError,
  NotFoundError,
  PermissionDeniedError,
  PrepAbortError,
  PrepApiError,
  PrepConnectionError,
  PrepError,
  PrepTimeoutError,
  RateLimitError,
} from "./errors.ts";

// Types of the options, the client and the token provider.

export type { ClientCredentials, TokenProvider } from "./auth.ts";
export type { PrepClient } from "./client.ts";
export type { GetConnectionOptions } from "./connections.ts";
export type { PrepClientOptions } from "./options.ts";
