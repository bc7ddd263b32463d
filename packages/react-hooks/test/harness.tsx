// Renders hooks against a real mock Prep API over HTTP, each test with a fresh QueryClient, and
// finds the seeded connections a test needs by how their runs end.
import {
  hashKey,
  QueryClient,
  QueryClientProvider,
  type QueryKey,
  QueryObserver,
} from "@tanstack/react-query";
import type { Connection } from "@wdata-prep/core";
import { createPrepClient, type PrepClient } from "@wdata-prep/fetch";
import {
  type MockRunOutcome,
  type PrepMockServer,
  type PrepMockServerOptions,
  seedConnections,
  seedRunOutcomes,
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
 * A wrapper with both providers, the QueryClient it uses, `fetches`: the key of every query that
 * client starts fetching, in order, so a test can tell that nothing was fetched without waiting
 * for it, and `firstData(key)`: the first data that query held, whatever came after it.
 */
export function providers(client: PrepClient, queryClient = new QueryClient()) {
  const fetches: QueryKey[] = [];
  const firstData = new Map<string, unknown>();
  queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== "updated") return;
    const { action, query } = event;
    if (action.type === "fetch") fetches.push(query.queryKey);
    if (action.type === "success" && !firstData.has(query.queryHash)) {
      firstData.set(query.queryHash, action.data);
    }
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <PrepClientProvider client={client}>{children}</PrepClientProvider>
    </QueryClientProvider>
  );
  return {
    wrapper,
    queryClient,
    fetches,
    firstData: (key: QueryKey) => firstData.get(hashKey(key)),
  };
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

/** The requests `server` received, in order, as "METHOD path". */
export function requestLines(server: PrepMockServer): string[] {
  return server.requests.map((r) => `${r.method} ${r.path}`);
}

/** `lines` from the last one that `match` accepts on; none when no line does. */
export function fromLast(lines: readonly string[], match: (line: string) => boolean): string[] {
  for (let index = lines.length - 1; index >= 0; index--) {
    if (match(lines[index] as string)) return lines.slice(index);
  }
  return [];
}

/** Every query of `queryClient` with its whole state, to tell that nothing in the cache changed. */
export function cacheState(queryClient: QueryClient) {
  return queryClient
    .getQueryCache()
    .getAll()
    .map(({ queryHash, state }) => ({ queryHash, state }));
}

/**
 * Resolves once a query that polls every `intervalMs`, as a status query does (the same TanStack
 * timer), has polled `count` times: a test that polling stopped waits for polls of this clock,
 * never for a number of milliseconds, however slow the machine.
 */
export async function pollsOf(intervalMs: number, count: number): Promise<void> {
  let fetches = 0;
  let unsubscribe = () => {};
  await new Promise<void>((resolve) => {
    const clock = new QueryObserver(new QueryClient(), {
      queryKey: ["clock"],
      queryFn: () => {
        // The first fetch is the clock's start; each one after it, a poll.
        fetches += 1;
        if (fetches > count) resolve();
        return fetches;
      },
      refetchInterval: intervalMs,
    });
    unsubscribe = clock.subscribe(() => {});
  });
  unsubscribe();
}

/** A seeded connection: every one has an ID. */
export type SeededConnection = Connection & { connectionId: string };

/** How every run of the seeded connection `connectionId` ends (`seedRunOutcomes`). */
export function seededOutcome(connectionId: string): MockRunOutcome {
  return seedRunOutcomes[connectionId] ?? { type: "complete" };
}

/** The error a failed run of the seeded connection `connectionId` carries, if it has one. */
export function seededError(connectionId: string): string | undefined {
  const outcome = seededOutcome(connectionId);
  return "error" in outcome ? outcome.error : undefined;
}

/**
 * The first seeded connection whose runs end as `type`, of those that write into
 * `destinationId` when it is given.
 */
export function seededEnding(
  type: MockRunOutcome["type"],
  destinationId?: string,
): SeededConnection {
  const found = seedConnections.find(
    (c) =>
      (destinationId === undefined || c.destinationId === destinationId) &&
      seededOutcome(c.connectionId as string).type === type,
  );
  if (!found) throw new Error(`No seeded connection ends ${type}`);
  return found as SeededConnection;
}

/**
 * The workbook most seeded connections write into (the Q4 close workbook): its ID and its
 * connections, in seed order.
 */
export const workbook = (() => {
  const counts = new Map<string, number>();
  for (const { destinationId } of seedConnections) {
    if (destinationId) counts.set(destinationId, (counts.get(destinationId) ?? 0) + 1);
  }
  const [destinationId] = [...counts].sort(([, a], [, b]) => b - a)[0] ?? [];
  return {
    destinationId: destinationId as string,
    connections: seedConnections.filter((c) => c.destinationId === destinationId),
  };
})();
