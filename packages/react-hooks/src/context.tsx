"use client";

import type { PrepClient } from "@wdata-prep/fetch";
import { createContext, type ReactNode, useContext } from "react";

/** Holds the client that `PrepClientProvider` gives its subtree. */
const PrepClientContext = createContext<PrepClient | undefined>(undefined);

/** Props of {@link PrepClientProvider}. */
export interface PrepClientProviderProps {
  /** The client the hooks below use, from `createPrepClient` in `@wdata-prep/fetch`. Required. */
  client: PrepClient;
  /**
   * The components that may use the hooks.
   * @default undefined
   */
  children?: ReactNode;
}

/**
 * Gives the hooks below it a Prep API client. Place it inside TanStack Query's
 * `QueryClientProvider`.
 */
export function PrepClientProvider({ client, children }: PrepClientProviderProps) {
  return <PrepClientContext.Provider value={client}>{children}</PrepClientContext.Provider>;
}

/**
 * Returns the client given by the nearest `PrepClientProvider`.
 * @throws Error when no `PrepClientProvider` is above the component.
 */
export function usePrepClient(): PrepClient {
  const client = useContext(PrepClientContext);
  if (!client) {
    throw new Error(
      "No Prep API client: wrap your components in <PrepClientProvider client={createPrepClient(…)}> (inside <QueryClientProvider>) before using @wdata-prep/react-hooks.",
    );
  }
  return client;
}
