import { QueryClient } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { MAX_TIMER_MS } from "@wdata-prep/core";
import {
  ConflictError,
  NotFoundError,
  type PrepClient,
  PrepConnectionError,
  PrepError,
} from "@wdata-prep/fetch";
import { seedRunOutcomes } from "@wdata-prep/mock-server";
import { describe, expect, test } from "vitest";
import { clientFor, mockServerPerFile, providers } from "../test/harness.tsx";
import { useConnection } from "./connection.hooks.ts";
import { useConnections } from "./connections.hooks.ts";
import { forClient, prepKeys } from "./keys.ts";
import { useRefreshConnection, useRefreshStatus } from "./refresh.hooks.ts";

// Runs long enough to be seen in each phase (a fifth of it not started, then running), polled
// far more often than that.
const mockServer = mockServerPerFile({ runDurationMs: 600 });
const pollIntervalMs = 20;

/** The first seeded connection whose runs end as `type` says. */
function connectionEnding(type: string): string {
  const found = Object.entries(seedRunOutcomes).find(([, outcome]) => outcome.type === type);
  if (!found) throw new Error(`No seeded connection ends ${type}`);
  return found[0];
}

const completing = connectionEnding("complete");
const failing = connectionEnding("source-error");
const cancelled = connectionEnding("cancelled");

/** The requests the mock received, as "METHOD path". */
const requestLines = () => mockServer().requests.map((r) => `${r.method} ${r.path}`);

/** Every phase a run of each outcome goes through, in order, as "source/destination". */
const phases = {
  complete: [
    "not_started/not_started",
    "running/not_started",
    "complete/running",
    "complete/complete",
  ],
  error: ["not_started/not_started", "running/not_started", "error/not_started"],
  cancelled: ["not_started/not_started", "running/not_started", "cancelled/cancelled"],
};

/**
 * A connection's page: its details, the list, a Refresh button and the run it started. Renders
 * what a person sees (the details' last run, the list's row, the run) and records every run
 * status it shows, each once.
 */
function renderConnectionPage(client: PrepClient, connectionId: string, queryClient?: QueryClient) {
  const { wrapper, queryClient: cache } = providers(client, queryClient);
  const seen: string[] = [];
  const { result } = renderHook(
    () => {
      const detail = useConnection(connectionId);
      const list = useConnections({ limit: 50 });
      const refresh = useRefreshConnection();
      const status = useRefreshStatus(connectionId, { jobId: refresh.data?.jobId, pollIntervalMs });
      const run = status.data?.run;
      const shown = run && `${run.sourceStatus}/${run.destinationStatus}`;
      if (shown && seen.at(-1) !== shown) seen.push(shown);
      return {
        detail,
        list,
        refresh,
        status,
        lastRun: detail.data?.lastRun,
        row: list.data?.pages[0]?.items.find((c) => c.connectionId === connectionId),
        isStale: status.isStale,
      };
    },
    { wrapper },
  );
  return { result, seen, queryClient: cache };
}

describe("useRefreshConnection and useRefreshStatus", () => {
  test.each([
    ["complete", completing],
    ["error", failing],
    ["cancelled", cancelled],
  ] as const)(
    "a run watched to %s: its phases in order, then the details and the list show it",
    async (outcome, connectionId) => {
      const client = clientFor(mockServer().url);
      const { result, seen, queryClient } = renderConnectionPage(client, connectionId);
      await waitFor(() => expect(result.current.detail.isSuccess).toBe(true));
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));

      act(() => result.current.refresh.mutate({ connectionId }));
      await waitFor(() => expect(result.current.status.data?.outcome).toBe(outcome));
      const { run } = result.current.status.data ?? {};
      const jobId = result.current.refresh.data?.jobId;
      expect(run?.jobId).toBe(jobId);

      // Each phase seen once, in order, from the run as it started: nothing skipped back.
      expect(seen[0]).toBe("not_started/not_started");
      expect(seen).toContain("running/not_started");
      expect(seen.at(-1)).toBe(phases[outcome].at(-1));
      expect(seen.map((shown) => phases[outcome].indexOf(shown))).toEqual(
        [...seen.map((shown) => phases[outcome].indexOf(shown))].sort((a, b) => a - b),
      );
      expect(seen.every((shown) => phases[outcome].includes(shown))).toBe(true);

      // A failed or cancelled run is data, not a query error.
      expect(result.current.status.isSuccess).toBe(true);
      expect(result.current.status.error).toBeNull();
      if (outcome === "error") {
        const expected = seedRunOutcomes[connectionId];
        expect(run?.error).toBe(expected && "error" in expected ? expected.error : undefined);
      }

      // Once finished, the details and the list are fetched again and show the finished run.
      await waitFor(() =>
        expect(result.current.lastRun).toMatchObject({
          jobId,
          sourceStatus: run?.sourceStatus,
          destinationStatus: run?.destinationStatus,
        }),
      );
      await waitFor(() => expect(result.current.row?.lastRun).toEqual(result.current.lastRun));
      const lines = requestLines();
      const lastStatus = lines.reduce(
        (last, line, index) => (line.endsWith("/status") ? index : last),
        -1,
      );
      expect(lines.slice(lastStatus)).toEqual(
        expect.arrayContaining([
          `GET /api/v1/connections/${connectionId}`,
          "GET /api/v1/connections",
        ]),
      );
      expect(lines.filter((line) => line.startsWith("POST"))).toEqual([
        `POST /api/v1/connections/${connectionId}/refresh`,
      ]);
      expect(
        mockServer()
          .requests.filter((r) => r.path.endsWith("/status"))
          .every((r) => r.query.jobId === jobId),
      ).toBe(true);

      // And polling stops: the finished run is fresh for good and asks for no next read.
      const query = queryClient
        .getQueryCache()
        .find({ queryKey: prepKeys.refreshStatus(connectionId, { jobId }) });
      const refetchInterval = query?.observers[0]?.options.refetchInterval;
      expect(typeof refetchInterval === "function" && query && refetchInterval(query)).toBe(false);
      expect(result.current.isStale).toBe(false);
    },
  );

  test("the status query waits for its jobId, then starts from the run as it started", async () => {
    const client = clientFor(mockServer().url);
    const { wrapper, fetches, queryClient } = providers(client);
    const { result } = renderHook(
      () => {
        const refresh = useRefreshConnection();
        return {
          refresh,
          status: useRefreshStatus(completing, { jobId: refresh.data?.jobId, pollIntervalMs }),
        };
      },
      { wrapper },
    );
    expect(result.current.status.isPending).toBe(true);
    expect(result.current.status.fetchStatus).toBe("idle");
    expect(fetches).toEqual([]);

    const run = await act(() => result.current.refresh.mutateAsync({ connectionId: completing }));
    const key = forClient(prepKeys.refreshStatus(completing, { jobId: run.jobId }), client);
    // The run as the API answered the refresh, before any status request.
    expect(queryClient.getQueryData(key)).toEqual({ run, outcome: undefined });
    await waitFor(() => expect(result.current.status.data?.outcome).toBe("complete"));
    expect(fetches[0]).toEqual(key);
  });

  test.each([
    ["an unknown connection (404)", NotFoundError, "no-such-connection", false],
    ["a connection already running (409)", ConflictError, completing, true],
  ] as const)(
    "a refresh refused for %s makes one request and leaves the cache untouched",
    async (_, ErrorClass, connectionId, startFirst) => {
      const client = clientFor(mockServer().url);
      // Even a QueryClient that retries mutations by default does not retry this one.
      const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: 3 } } });
      // A run started elsewhere, still going when this page asks for another.
      if (startFirst) await client.refreshConnection(connectionId);
      const { result } = renderConnectionPage(client, connectionId, queryClient);
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      await waitFor(() => expect(result.current.detail.isFetching).toBe(false));
      const cache = () =>
        queryClient
          .getQueryCache()
          .getAll()
          .map(({ queryHash, state }) => ({ queryHash, state }));
      const before = cache();
      const sent = mockServer().requests.length;

      act(() => result.current.refresh.mutate({ connectionId }));
      await waitFor(() => expect(result.current.refresh.isError).toBe(true));
      expect(result.current.refresh.error).toBeInstanceOf(ErrorClass);
      expect(result.current.refresh.failureCount).toBe(1);
      expect(requestLines().slice(sent)).toEqual([
        `POST /api/v1/connections/${connectionId}/refresh`,
      ]);
      // Nothing in the cache changed: no data, no state, nothing invalidated.
      expect(cache()).toEqual(before);
    },
  );

  test("a refresh whose connection dropped is not sent again, by the client or by TanStack", async () => {
    const client = clientFor(mockServer().url);
    const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: 3 } } });
    const { wrapper } = providers(client, queryClient);
    const { result } = renderHook(() => useRefreshConnection(), { wrapper });
    mockServer().fault({ type: "drop" });
    act(() => result.current.mutate({ connectionId: completing }));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toBeInstanceOf(PrepConnectionError);
    expect(requestLines()).toEqual([`POST /api/v1/connections/${completing}/refresh`]);
    expect(queryClient.getQueryCache().getAll()).toEqual([]);
  });

  test("an unknown job is a NotFoundError from one request, and polling stops", async () => {
    const client = clientFor(mockServer().url);
    const { wrapper, queryClient } = providers(client);
    const { result } = renderHook(
      () => useRefreshStatus(completing, { jobId: "no-such-job", pollIntervalMs }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toBeInstanceOf(NotFoundError);
    expect(requestLines()).toEqual([`GET /api/v1/connections/${completing}/status`]);
    const query = queryClient
      .getQueryCache()
      .find({ queryKey: prepKeys.refreshStatus(completing, { jobId: "no-such-job" }) });
    const refetchInterval = query?.observers[0]?.options.refetchInterval;
    expect(typeof refetchInterval === "function" && query && refetchInterval(query)).toBe(false);
  });

  test("a bad pollIntervalMs is a PrepError that says so, before any request", () => {
    const { wrapper } = providers(clientFor(mockServer().url));
    // 2 ** 31 and more: setInterval would take it as 1 ms and poll without pause.
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, 2 ** 40]) {
      expect(() =>
        renderHook(() => useRefreshStatus(completing, { jobId: undefined, pollIntervalMs: bad }), {
          wrapper,
        }),
      ).toThrow(PrepError);
    }
    expect(() =>
      renderHook(() => useRefreshStatus(completing, { jobId: "j1", pollIntervalMs: 2 ** 31 }), {
        wrapper,
      }),
    ).toThrow(`pollIntervalMs must be more than 0 and at most ${MAX_TIMER_MS} milliseconds`);
    expect(mockServer().requests).toEqual([]);
  });
});
