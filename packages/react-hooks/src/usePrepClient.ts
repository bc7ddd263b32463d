"use client";

import type { PrepClient } from "@wdata-prep/fetch";
import { useContext } from "react";
import { PrepClientContext } from "./internal/PrepClientContext.ts";

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
