"use client";
// The browser's client calls the app's own /prep route, which adds the token on the server. Its
// cacheScope is the server's, so the queries the server prefetched are the ones it reads.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createPrepClient } from "@wdata-prep/fetch";
import { PrepClientProvider } from "@wdata-prep/react-hooks";
import { type ReactNode, useState } from "react";
import { cacheScope } from "./scope";

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 60_000 } } }),
  );
  const [prep] = useState(() => createPrepClient({ baseUrl: "/prep", cacheScope }));
  return (
    <QueryClientProvider client={queryClient}>
      <PrepClientProvider client={prep}>{children}</PrepClientProvider>
    </QueryClientProvider>
  );
}
