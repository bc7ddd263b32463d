export type { ClientCredentials } from "./ClientCredentials.ts";
export { createPrepClient } from "./createPrepClient.ts";
export { createTokenProvider } from "./createTokenProvider.ts";
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
export type { GetConnectionOptions } from "./GetConnectionOptions.ts";
export type { PrepClient } from "./PrepClient.ts";
export type { PrepClientOptions } from "./PrepClientOptions.ts";
export type { TokenProvider } from "./TokenProvider.ts";
