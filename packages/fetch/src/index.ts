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
  PrepBatchError,
  PrepConnectionError,
  PrepConnectionTimeoutError,
  PrepError,
  PrepRunError,
  PrepWaitTimeoutError,
  RateLimitError,
} from "./errors.ts";
export { runOutcome } from "./outcome.ts";
export { DEFAULT_POLL_INTERVAL_MS } from "./polling.ts";

// Types of the options, the client, its results and the token provider.

export type { ClientCredentials, TokenProvider, TokenProviderOptions } from "./auth.ts";
export type { PrepClient } from "./client.ts";
export type {
  GetConnectionOptions,
  GetRefreshBatchStatusOptions,
  GetRefreshStatusOptions,
  ListConnectionsOptions,
  ListConnectionsParams,
  RefreshBatchOptions,
  RequestOptions,
} from "./connections.ts";
export type { FailedOutcome, WaitTarget } from "./errors.ts";
export type { PrepLogger, PrepLogLevel } from "./log.ts";
export type {
  RefreshManyOptions,
  RefreshManyOutcome,
  RefreshManyProgress,
  RefreshManyResult,
} from "./many.ts";
export type { PrepClientOptions } from "./options.ts";
export type { RunOutcome } from "./outcome.ts";
export type { ConnectionList, ConnectionPage } from "./pagination.ts";
export type {
  RefreshAndWaitOptions,
  RefreshBatchAndWaitOptions,
  WaitForBatchOptions,
  WaitForRefreshOptions,
  WaitOptions,
} from "./polling.ts";
export type { PrepPromise, WithResponse } from "./promise.ts";

export type {
  Connection,
  ConnectionRun,
  ErrorDetail,
  ListConnectionsQuery,
  paths,
  RecordType,
  RefreshBatch,
  RefreshBatchRequest,
  RefreshConnection,
  Region,
  RunStatus,
} from "./types.ts";
