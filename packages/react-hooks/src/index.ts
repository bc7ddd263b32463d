"use client";

export { connectionQueryOptions } from "./connectionQueryOptions.ts";
export type { PrepClientProviderProps } from "./PrepClientProvider.tsx";
export { PrepClientProvider } from "./PrepClientProvider.tsx";
export type { ConnectionKeyOptions } from "./prepKeys.ts";
export { prepKeys } from "./prepKeys.ts";
export type { UseConnectionOptions } from "./useConnection.ts";
export { useConnection } from "./useConnection.ts";
export { usePrepClient } from "./usePrepClient.ts";
export type { UseSuspenseConnectionOptions } from "./useSuspenseConnection.ts";
export { useSuspenseConnection } from "./useSuspenseConnection.ts";
