export type { UseConnectionOptions, UseSuspenseConnectionOptions } from "./connection.hooks.ts";
export { useConnection, useSuspenseConnection } from "./connection.hooks.ts";
export type { ConnectionRequestOptions } from "./connection.ts";
export { connectionQueryOptions } from "./connection.ts";
export type { PrepClientProviderProps } from "./context.tsx";
export { PrepClientProvider, usePrepClient } from "./context.tsx";
export { prepKeys } from "./keys.ts";
