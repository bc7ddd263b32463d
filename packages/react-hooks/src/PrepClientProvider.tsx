"use client";

import type { PrepClient } from "@wdata-prep/fetch";
import type { ReactNode } from "react";
import { PrepClientContext } from "./internal/PrepClientContext.ts";

/** Props of {@link PrepClientProvider}. */
export interface PrepClientProviderProps {
  /** The client the hooks below use, from `createPrepClient` in `@wdata-prep/fetch`. */
  client: PrepClient;
  /** The components that may use the hooks. */
  children?: ReactNode;
}

/**
 * Gives the hooks below it a Prep API client. Place it inside TanStack Query's
 * `QueryClientProvider`.
 */
export function PrepClientProvider({ client, children }: PrepClientProviderProps) {
  return <PrepClientContext.Provider value={client}>{children}</PrepClientContext.Provider>;
}
