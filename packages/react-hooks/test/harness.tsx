// Renders hooks against a real mock Prep API over HTTP, each test with a fresh QueryClient.
import { QueryClient, QueryClientProvider, type QueryKey } from "@tanstack/react-query";
import { createPrepClient, type PrepClient } from "@wdata-prep/fetch";
import {
  type PrepMockServer,
  type PrepMockServerOptions,
  startPrepMockServer,
} from "@wdata-prep/mock-server";
import type { ReactNode } from "react";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { PrepClientProvider } from "../src/context.tsx";

export const TOKEN = "hooks-test-token";

/** A client for the mock server at `url`, retrying at most `maxRetries` times. */
export function clientFor(url: string, maxRetries = 2): PrepClient {
  return createPrepClient({ baseUrl: url, token: TOKEN, maxRetries });
}

/**
 * A wrapper with both providers, the QueryClient it uses, and `fetches`: the key of every query
 * that client starts fetching, in order, so a test can tell that nothing was fetched without
 * waiting for it.
 */
export function providers(client: PrepClient, queryClient = new QueryClient()) {
  const fetches: QueryKey[] = [];
  queryClient.getQueryCache().subscribe((event) => {
    if (event.type === "updated" && event.action.type === "fetch") {
      fetches.push(event.query.queryKey);
    }
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <PrepClientProvider client={client}>{children}</PrepClientProvider>
    </QueryClientProvider>
  );
  return { wrapper, queryClient, fetches };
}

/**
 * Starts a mock Prep API (requiring `TOKEN`, with any other `options`) for the test file, forgets
 * its requests, faults, runs and batches before each test, and stops it after the file. Returns a
 * getter for the running server.
 */
export function mockServerPerFile(options: PrepMockServerOptions = {}): () => PrepMockServer {
  let server: PrepMockServer | undefined;
  beforeAll(async () => {
    server = await startPrepMockServer({ token: TOKEN, ...options });
  });
  beforeEach(() => server?.reset());
  afterAll(() => server?.close());
  return () => {
    if (!server) throw new Error("The mock Prep API has not started yet.");
    return server;
  };
}
