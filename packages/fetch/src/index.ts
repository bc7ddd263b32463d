export type { ClientCredentials, TokenProvider } from "./auth.ts";
export { createTokenProvider } from "./auth.ts";
export type { PrepClient } from "./client.ts";
export { createPrepClient } from "./client.ts";
export type { GetConnectionOptions } from "./connections.ts";
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
export type { PrepClientOptions } from "./options.ts";
