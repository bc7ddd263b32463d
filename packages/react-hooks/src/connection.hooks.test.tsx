import type { QueryClient } from "@tanstack/react-query";
import { render, renderHook, screen, waitFor } from "@testing-library/react";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import { MAX_TIMER_MS } from "@wdata-prep/core/internal";
import {
  createPrepClient,
  InternalServerError,
  NotFoundError,
  PrepConnectionTimeoutError,
  PrepError,
} from "@wdata-prep/fetch";
import { seedConnections, startPrepMockServer } from "@wdata-prep/mock-server";
import { Component, type ReactNode, Suspense } from "react";
import { describe, expect, test } from "vitest";
import { clientFor, mockServerPerFile, providers, TOKEN } from "../test/harness.tsx";
import { useConnection, useSuspenseConnection } from "./connection.hooks.ts";
import { connectionQueryOptions } from "./connection.ts";
import { forClient, prepKeys } from "./keys.ts";

const [first, second] = seedConnections;
const firstId = first?.connectionId as string;
const secondId = second?.connectionId as string;
const mockServer = mockServerPerFile();

class ErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? <p>failed: {this.state.error.name}</p> : this.props.children;
  }
}

function SuspenseConnectionName({ id, options }: { id: string; options?: { retry?: number } }) {
  const { data } = useSuspenseConnection(id, options);
  return <h1>{data.name}</h1>;
}

/** The first seeded connection through useConnection, the second through useSuspenseConnection. */
function BothHooks({ options }: { options: { retry?: number } }) {
  const { data } = useConnection(firstId, options);
  return (
    <>
      <p>{data?.name ?? "loading"}</p>
      <Suspense fallback={<p>suspended</p>}>
        <SuspenseConnectionName id={secondId} options={options} />
      </Suspense>
    </>
  );
}

function ConnectionName({ id, index }: { id: string; index: number }) {
  const { data } = useConnection(id);
  return <p>{data ? `${index}: ${data.name}` : "loading"}</p>;
}

const connectionRequests = () =>
  mockServer().requests.filter((r) => r.path.startsWith("/api/v1/connections/"));

describe("useConnection", () => {
  test("returns the connection's details from the API", async () => {
    const { wrapper } = providers(clientFor(mockServer().url));
    const { result } = renderHook(() => useConnection(firstId), { wrapper });
    expect(result.current.isPending).toBe(true);
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toEqual(first);
    expect(result.current.error).toBeNull();
    expect(connectionRequests()).toHaveLength(1);
  });

  test("sends the workspaceId and keys the query by it", async () => {
    const client = clientFor(mockServer().url);
    const { wrapper, queryClient } = providers(client);
    const workspaceId = first?.workspaceId as string;
    const { result } = renderHook(() => useConnection(firstId, { workspaceId }), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(connectionRequests()[0]?.query).toEqual({ workspaceId });
    const key = forClient(prepKeys.connection(firstId, { workspaceId }), client);
    expect(queryClient.getQueryData(key)).toEqual(first);
  });

  test("a 404 becomes a NotFoundError after exactly one request", async () => {
    const { wrapper } = providers(clientFor(mockServer().url));
    const { result } = renderHook(() => useConnection("5f3a9c1e7b2d4f6a8c0e2b4d6f8a1c3e"), {
      wrapper,
    });
    await waitFor(() => expect(result.current.isError).toBe(true));
    const error = await rejectsWith(Promise.reject(result.current.error), NotFoundError);
    expect(error).toBeInstanceOf(PrepError);
    expect(error.status).toBe(404);
    expect(connectionRequests()).toHaveLength(1);
  });

  test("a persistent 503 makes at most 1 + maxRetries requests", async () => {
    mockServer().fault({ type: "unavailable", count: 10 });
    const { wrapper } = providers(clientFor(mockServer().url, 1));
    const { result } = renderHook(() => useConnection(firstId), { wrapper });
    await waitFor(() => expect(result.current.isError).toBe(true), { timeout: 10_000 });
    const error = await rejectsWith(Promise.reject(result.current.error), InternalServerError);
    expect(error.status).toBe(503);
    expect(connectionRequests()).toHaveLength(2);
  });

  test("ten components showing the same connection share one request", async () => {
    const { wrapper } = providers(clientFor(mockServer().url));
    render(
      Array.from({ length: 10 }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of identical components
        <ConnectionName key={index} id={firstId} index={index} />
      )),
      { wrapper },
    );
    await waitFor(() => expect(screen.getAllByText(/: /)).toHaveLength(10));
    expect(screen.getByText(`9: ${first?.name}`)).toBeTruthy();
    expect(connectionRequests()).toHaveLength(1);
  });

  test.each([
    ["an empty string", ""],
    ["a blank string", "   "],
    ["null", null],
    ["undefined", undefined],
  ])("waits while the ID is %s, then fetches once when one arrives", async (_, id) => {
    const client = clientFor(mockServer().url);
    const { wrapper, queryClient, fetches } = providers(client);
    const { result, rerender } = renderHook(({ id }) => useConnection(id), {
      wrapper,
      initialProps: { id: id as string | null | undefined },
    });
    expect(result.current.isPending).toBe(true);
    expect(result.current.fetchStatus).toBe("idle");
    expect(fetches).toEqual([]);
    expect(queryClient.getQueryState(forClient(prepKeys.connection(id), client))?.status).toBe(
      "pending",
    );

    rerender({ id: firstId });
    await waitFor(() => expect(result.current.data?.connectionId).toBe(firstId));
    expect(fetches).toEqual([forClient(prepKeys.connection(firstId), client)]);
    expect(mockServer().requests.map((r) => r.path)).toEqual([`/api/v1/connections/${firstId}`]);
  });

  test("a missing ID keeps the query waiting even with enabled: true", () => {
    const { wrapper, fetches } = providers(clientFor(mockServer().url));
    const { result } = renderHook(() => useConnection(undefined, { enabled: true }), { wrapper });
    expect(result.current.isPending).toBe(true);
    expect(result.current.fetchStatus).toBe("idle");
    expect(fetches).toEqual([]);
  });

  test("passes TanStack options through: enabled: false holds the query, select shapes data", async () => {
    const client = clientFor(mockServer().url);
    const { wrapper, fetches } = providers(client);
    const { result, rerender } = renderHook(
      ({ enabled }) => useConnection(firstId, { enabled, select: (c) => c.name }),
      { wrapper, initialProps: { enabled: false } },
    );
    expect(result.current.fetchStatus).toBe("idle");
    expect(fetches).toEqual([]);
    rerender({ enabled: true });
    await waitFor(() => expect(result.current.data).toBe(first?.name));
    expect(fetches).toEqual([forClient(prepKeys.connection(firstId), client)]);
  });

  test("unmounting mid-request aborts it", async () => {
    // An API that never answers: the request is still under way when the hook unmounts.
    const slow = await startPrepMockServer({ latencyMs: MAX_TIMER_MS });
    try {
      const { wrapper } = providers(clientFor(slow.url));
      const { unmount } = renderHook(() => useConnection(firstId), { wrapper });
      await waitFor(() => expect(slow.requests).toHaveLength(1));
      unmount();
      await waitFor(() => expect(slow.requests[0]?.aborted).toBe(true));
      expect(slow.requests).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  test("timeoutMs and maxRetries override the client's for this query", async () => {
    const slow = await startPrepMockServer({ latencyMs: MAX_TIMER_MS });
    try {
      // Attempts are counted as they leave: a time limit of 100 ms may pass before a request
      // reaches a server on a busy machine, but never before it is sent.
      let attempts = 0;
      const client = createPrepClient({
        baseUrl: slow.url,
        token: TOKEN,
        maxRetries: 2,
        fetch: (request) => {
          attempts++;
          return fetch(request);
        },
      });
      const { wrapper } = providers(client);
      const { result } = renderHook(
        () => useConnection(firstId, { timeoutMs: 100, maxRetries: 0 }),
        { wrapper },
      );
      await waitFor(() => expect(result.current.isError).toBe(true));
      const error = await rejectsWith(
        Promise.reject(result.current.error),
        PrepConnectionTimeoutError,
      );
      expect(error.timeoutMs).toBe(100);
      expect(attempts).toBe(1);
    } finally {
      await slow.close();
    }
  });

  test("data prefetched with connectionQueryOptions is not fetched again on mount", async () => {
    const client = clientFor(mockServer().url);
    const { wrapper, queryClient, fetches } = providers(client);
    await queryClient.prefetchQuery(connectionQueryOptions(client, firstId));
    expect(fetches).toEqual([forClient(prepKeys.connection(firstId), client)]);

    const { result } = renderHook(() => useConnection(firstId), { wrapper });
    expect(result.current.data).toEqual(first);
    expect(result.current.isStale).toBe(false);
    expect(result.current.fetchStatus).toBe("idle");
    expect(fetches).toHaveLength(1);
    expect(connectionRequests()).toHaveLength(1);
  });

  test("invalidating prepKeys.connections() refetches every connection", async () => {
    const { wrapper, queryClient } = providers(clientFor(mockServer().url));
    const { result } = renderHook(() => [useConnection(firstId), useConnection(secondId)], {
      wrapper,
    });
    await waitFor(() => expect(result.current.every((q) => q.isSuccess)).toBe(true));
    expect(connectionRequests()).toHaveLength(2);
    await queryClient.invalidateQueries({ queryKey: prepKeys.connections() });
    expect(connectionRequests()).toHaveLength(4);
  });
});

describe("useSuspenseConnection", () => {
  test("suspends, then renders the connection", async () => {
    const { wrapper } = providers(clientFor(mockServer().url));
    render(
      <Suspense fallback={<p>loading</p>}>
        <SuspenseConnectionName id={firstId} />
      </Suspense>,
      { wrapper },
    );
    expect(screen.getByText("loading")).toBeTruthy();
    expect(await screen.findByRole("heading")).toHaveProperty("textContent", first?.name);
  });

  test("sends an API error to the nearest error boundary", async () => {
    const { wrapper } = providers(clientFor(mockServer().url));
    render(
      <ErrorBoundary>
        <Suspense fallback={<p>loading</p>}>
          <SuspenseConnectionName id="no-such-connection" />
        </Suspense>
      </ErrorBoundary>,
      { wrapper },
    );
    expect(await screen.findByText("failed: NotFoundError")).toBeTruthy();
  });
});

describe("useConnection and useSuspenseConnection", () => {
  /** The options the one observer of a connection's query runs with. */
  function observerOptions(queryClient: QueryClient, connectionId: string) {
    const query = queryClient.getQueryCache().find({
      queryKey: prepKeys.connection(connectionId),
      exact: false,
    });
    expect(query?.observers).toHaveLength(1);
    return query?.observers[0]?.options;
  }

  function renderBoth(options: { retry?: number } = {}) {
    const client = clientFor(mockServer().url);
    const { wrapper, queryClient } = providers(client);
    render(<BothHooks options={options} />, { wrapper });
    return { client, queryClient };
  }

  test("run with every option connectionQueryOptions sets", async () => {
    const { client, queryClient } = renderBoth();
    await screen.findByText(first?.name as string);
    await screen.findByRole("heading");
    for (const id of [firstId, secondId]) {
      const { queryFn, ...defaults } = connectionQueryOptions(client, id);
      expect(defaults).toMatchObject({ staleTime: 60_000, retry: false });
      expect(observerOptions(queryClient, id)).toMatchObject(defaults);
      expect(observerOptions(queryClient, id)?.queryFn).toBeTypeOf(typeof queryFn);
    }
  });

  test("an option given to the hook wins over the default", async () => {
    const { queryClient } = renderBoth({ retry: 2 });
    await screen.findByText(first?.name as string);
    await screen.findByRole("heading");
    expect(observerOptions(queryClient, firstId)?.retry).toBe(2);
    expect(observerOptions(queryClient, secondId)?.retry).toBe(2);
  });
});
