export type {
  RefreshBatchVariables,
  UseRefreshBatchOptions,
  UseRefreshBatchStatusOptions,
} from "./batch.hooks.ts";
export { useRefreshBatch, useRefreshBatchStatus } from "./batch.hooks.ts";
export type {
  RefreshBatchStatus,
  RefreshBatchStatusOptions,
  RefreshBatchStatusQueryKey,
  RefreshBatchStatusQueryOptions,
} from "./batch.ts";
export { refreshBatchStatusQueryOptions } from "./batch.ts";
export type { UseConnectionOptions, UseSuspenseConnectionOptions } from "./connection.hooks.ts";
export { useConnection, useSuspenseConnection } from "./connection.hooks.ts";
export type {
  ConnectionQueryKey,
  ConnectionQueryOptions,
  ConnectionRequestOptions,
  RequestLimits,
} from "./connection.ts";
export { connectionQueryOptions } from "./connection.ts";
export type { UseConnectionsOptions } from "./connections.hooks.ts";
export { useConnections } from "./connections.hooks.ts";
export type {
  ConnectionListQueryKey,
  ConnectionPageData,
  ConnectionsData,
  ConnectionsInfiniteQueryOptions,
  ConnectionsQuery,
} from "./connections.ts";
export { connectionsInfiniteQueryOptions } from "./connections.ts";
export type { PrepClientProviderProps } from "./context.tsx";
export { PrepClientProvider, usePrepClient } from "./context.tsx";
export type { ClientScope } from "./keys.ts";
export { prepKeys, prepMutationKeys } from "./keys.ts";
export type {
  RefreshConnectionVariables,
  UseRefreshConnectionOptions,
  UseRefreshStatusOptions,
} from "./refresh.hooks.ts";
export { useRefreshConnection, useRefreshStatus } from "./refresh.hooks.ts";
export type {
  PollOptions,
  RefreshStatus,
  RefreshStatusOptions,
  RefreshStatusQueryKey,
  RefreshStatusQueryOptions,
} from "./refresh.ts";
export { refreshStatusQueryOptions } from "./refresh.ts";
