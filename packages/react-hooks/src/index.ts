export type { UseConnectionOptions, UseSuspenseConnectionOptions } from "./connection.hooks.ts";
export { useConnection, useSuspenseConnection } from "./connection.hooks.ts";
export type { ConnectionQueryKey, ConnectionRequestOptions } from "./connection.ts";
export { connectionQueryOptions } from "./connection.ts";
export type { PrepClientProviderProps } from "./context.tsx";
export { PrepClientProvider, usePrepClient } from "./context.tsx";
export type { ClientScope } from "./keys.ts";
export { prepKeys } from "./keys.ts";
