import { render, renderHook, screen, waitFor } from "@testing-library/react";
import { NotFoundError, PrepError, PrepTimeoutError } from "@wdata-prep/fetch";
import { seedConnections, startPrepMockServer } from "@wdata-prep/mock-server";
import { Component, type ReactNode, Suspense } from "react";
import { describe, expect, test } from "vitest";
import { clientFor, mockServerPerFile, providers } from "../test/harness.tsx";
import { useConnection, useSuspenseConnection } from "./connection.hooks.ts";
import { connectionQueryOptions } from "./connection.ts";
import { prepKeys } from "./keys.ts";

const [first, second] = seedConnections;
const firstId = first?.connectionId as string;
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

function SuspenseConnectionName({ id }: { id: string }) {
  const { data } = useSuspenseConnection(id);
  return <h1>{data.name}</h1>;
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
    const { wrapper, queryClient } = providers(clientFor(mockServer().url));
    const workspaceId = first?.workspaceId as string;
    const { result } = renderHook(() => useConnection(firstId, { workspaceId }), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(connectionRequests()[0]?.query).toEqual({ workspaceId });
    expect(queryClient.getQueryData(prepKeys.connection(firstId, { workspaceId }))).toEqual(first);
  });

  test("a 404 becomes a NotFoundError after exactly one request", async () => {
    const { wrapper } = providers(clientFor(mockServer().url));
    const { result } = renderHook(() => useConnection("5f3a9c1e7b2d4f6a8c0e2b4d6f8a1c3e"), {
      wrapper,
    });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toBeInstanceOf(NotFoundError);
    expect(result.current.error).toBeInstanceOf(PrepError);
    expect(result.current.error).toMatchObject({ status: 404 });
    expect(connectionRequests()).toHaveLength(1);
  });

  test("a persistent 503 makes at most 1 + maxRetries requests", async () => {
    mockServer().fault({ type: "unavailable", count: 10 });
    const { wrapper } = providers(clientFor(mockServer().url, 1));
    const { result } = renderHook(() => useConnection(firstId), { wrapper });
    await waitFor(() => expect(result.current.isError).toBe(true), { timeout: 10_000 });
    expect(result.current.error).toMatchObject({ status: 503, name: "InternalServerError" });
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
  ])("sends nothing while the ID is %s", async (_, id) => {
    const { wrapper } = providers(clientFor(mockServer().url));
    const { result, rerender } = renderHook(({ id }) => useConnection(id), {
      wrapper,
      initialProps: { id: id as string | null | undefined },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(result.current.isPending).toBe(true);
    expect(result.current.fetchStatus).toBe("idle");
    expect(mockServer().requests).toHaveLength(0);

    rerender({ id: firstId });
    await waitFor(() => expect(result.current.data?.connectionId).toBe(firstId));
    expect(connectionRequests()).toHaveLength(1);
  });

  test("passes TanStack options through: enabled and select", async () => {
    const { wrapper } = providers(clientFor(mockServer().url));
    const { result, rerender } = renderHook(
      ({ enabled }) => useConnection(firstId, { enabled, select: (c) => c.name }),
      { wrapper, initialProps: { enabled: false } },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mockServer().requests).toHaveLength(0);
    rerender({ enabled: true });
    await waitFor(() => expect(result.current.data).toBe(first?.name));
  });

  test("unmounting mid-request aborts it", async () => {
    const slow = await startPrepMockServer({ latencyMs: 2_000 });
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
    const slow = await startPrepMockServer({ latencyMs: 1_000 });
    try {
      const { wrapper } = providers(clientFor(slow.url, 2));
      const { result } = renderHook(
        () => useConnection(firstId, { timeoutMs: 100, maxRetries: 0 }),
        { wrapper },
      );
      await waitFor(() => expect(result.current.isError).toBe(true));
      expect(result.current.error).toBeInstanceOf(PrepTimeoutError);
      expect(slow.requests).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  test("data prefetched with connectionQueryOptions is not fetched again on mount", async () => {
    const client = clientFor(mockServer().url);
    const { wrapper, queryClient } = providers(client);
    await queryClient.prefetchQuery(connectionQueryOptions(client, firstId));
    expect(connectionRequests()).toHaveLength(1);

    const { result } = renderHook(() => useConnection(firstId), { wrapper });
    expect(result.current.data).toEqual(first);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(connectionRequests()).toHaveLength(1);
  });

  test("invalidating prepKeys.connections() refetches every connection", async () => {
    const secondId = second?.connectionId as string;
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
