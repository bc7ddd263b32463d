import { QueryClient, useMutationState } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { MAX_TIMER_MS } from "@wdata-prep/core/internal";
import {
  ConflictError,
  NotFoundError,
  type PrepClient,
  PrepConnectionError,
  PrepError,
} from "@wdata-prep/fetch";
import { type PrepMockServer, startPrepMockServer } from "@wdata-prep/mock-server";
import { describe, expect, onTestFinished, test } from "vitest";
import {
  cacheState,
  clientFor,
  fromLast,
  mockServerPerFile,
  pollsOf,
  providers,
  requestLines,
  seededEnding,
  seededError,
  TOKEN,
} from "../test/harness.tsx";
import { useConnection } from "./connection.hooks.ts";
import { connectionQueryOptions } from "./connection.ts";
import { useConnections } from "./connections.hooks.ts";
import { connectionsInfiniteQueryOptions } from "./connections.ts";
import { forClient, prepKeys, prepMutationKeys } from "./keys.ts";
import { useRefreshConnection, useRefreshStatus } from "./refresh.hooks.ts";

// Runs long enough to be seen in each phase (a fifth of it not started, then running), polled
// far more often than that.
const mockServer = mockServerPerFile({ runDurationMs: 600 });
const pollIntervalMs = 20;

const completing = seededEnding("complete").connectionId;
const completingWorkspace = seededEnding("complete").workspaceId as string;
const failing = seededEnding("source-error").connectionId;
const cancelled = seededEnding("cancelled").connectionId;

/** The status requests the mock received. */
const statusRequests = () => mockServer().requests.filter((r) => r.path.endsWith("/status"));

/**
 * A mock API, for one test, whose runs never finish: a run started there is still going however
 * long the test takes.
 */
async function neverFinishing(): Promise<PrepMockServer> {
  const server = await startPrepMockServer({ token: TOKEN, runDurationMs: MAX_TIMER_MS });
  onTestFinished(() => server.close());
  return server;
}

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

      // Each phase seen once, in order, from the run as it started to its end: nothing goes back.
      // Which phases between them a poll catches depends on the machine's speed.
      expect(seen[0]).toBe("not_started/not_started");
      expect(seen.at(-1)).toBe(phases[outcome].at(-1));
      expect(seen.map((shown) => phases[outcome].indexOf(shown))).toEqual(
        [...seen.map((shown) => phases[outcome].indexOf(shown))].sort((a, b) => a - b),
      );
      expect(seen.every((shown) => phases[outcome].includes(shown))).toBe(true);

      // A failed or cancelled run is data, not a query error.
      expect(result.current.status.isSuccess).toBe(true);
      expect(result.current.status.error).toBeNull();
      if (outcome === "error") expect(run?.error).toBe(seededError(connectionId));

      // Once finished, the details and the list are fetched again and show the finished run.
      await waitFor(() =>
        expect(result.current.lastRun).toMatchObject({
          jobId,
          sourceStatus: run?.sourceStatus,
          destinationStatus: run?.destinationStatus,
        }),
      );
      await waitFor(() => expect(result.current.row?.lastRun).toEqual(result.current.lastRun));
      const lines = requestLines(mockServer());
      expect(fromLast(lines, (line) => line.endsWith("/status"))).toEqual(
        expect.arrayContaining([
          `GET /api/v1/connections/${connectionId}`,
          "GET /api/v1/connections",
        ]),
      );
      expect(lines.filter((line) => line.startsWith("POST"))).toEqual([
        `POST /api/v1/connections/${connectionId}/refresh`,
      ]);
      expect(statusRequests().every((r) => r.query.jobId === jobId)).toBe(true);

      // And polling stops: the finished run is fresh for good and asks for no next read. While
      // the page stays mounted, polls of the same interval go by and no status request follows.
      const query = queryClient
        .getQueryCache()
        .find({ queryKey: forClient(prepKeys.refreshStatus(connectionId, jobId), client) });
      expect(query).toBeDefined();
      const refetchInterval = query?.observers[0]?.options.refetchInterval;
      expect(refetchInterval).toBeTypeOf("function");
      expect(typeof refetchInterval === "function" && query && refetchInterval(query)).toBe(false);
      expect(result.current.isStale).toBe(false);
      const reads = statusRequests().length;
      await pollsOf(pollIntervalMs, 5);
      expect(statusRequests()).toHaveLength(reads);
    },
  );

  test("the status query waits for its jobId, then starts from the run as it started", async () => {
    const client = clientFor(mockServer().url);
    const { wrapper, fetches, firstData } = providers(client);
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
    const key = forClient(prepKeys.refreshStatus(completing, run.jobId), client);
    // The run as the API answered the refresh, before any status request.
    expect(firstData(key)).toEqual({ run, outcome: undefined });
    await waitFor(() => expect(result.current.status.data?.outcome).toBe("complete"));
    expect(fetches[0]).toEqual(key);
  });

  test("a refresh settles once the cache is true: the caller's onSuccess, then mutateAsync, see the details and the list read again", async () => {
    const client = clientFor(mockServer().url);
    const { wrapper, queryClient } = providers(client);
    const detailKey = connectionQueryOptions(client, completing).queryKey;
    const listKey = connectionsInfiniteQueryOptions(client, { limit: 50 }).queryKey;
    /** What the cache holds of the connection's last run, and whether anything is being read. */
    const cacheNow = () => ({
      detail: queryClient.getQueryData(detailKey)?.lastRun?.jobId,
      row: queryClient
        .getQueryData(listKey)
        ?.pages[0]?.items.find((c) => c.connectionId === completing)?.lastRun?.jobId,
      fetching: queryClient.isFetching(),
    });
    const seen: { when: string; cache: ReturnType<typeof cacheNow> }[] = [];
    const { result } = renderHook(
      () => ({
        detail: useConnection(completing),
        list: useConnections({ limit: 50 }),
        refresh: useRefreshConnection({
          onSuccess: () => {
            seen.push({ when: "onSuccess", cache: cacheNow() });
          },
        }),
      }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.detail.isSuccess).toBe(true));
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    const sent = mockServer().requests.length;

    const run = await act(async () => {
      const started = await result.current.refresh.mutateAsync({ connectionId: completing });
      seen.push({ when: "resolved", cache: cacheNow() });
      return started;
    });
    const read = { detail: run.jobId, row: run.jobId, fetching: 0 };
    expect(seen).toEqual([
      { when: "onSuccess", cache: read },
      { when: "resolved", cache: read },
    ]);
    expect(requestLines(mockServer()).slice(sent).sort()).toEqual(
      [
        `POST /api/v1/connections/${completing}/refresh`,
        `GET /api/v1/connections/${completing}`,
        "GET /api/v1/connections",
      ].sort(),
    );
  });

  test("the status a refresh puts in the cache is the one useRefreshStatus reads, whatever workspace either names", async () => {
    const client = clientFor(mockServer().url);
    const { wrapper, fetches } = providers(client);
    const refresh = renderHook(() => useRefreshConnection(), { wrapper });
    const run = await act(() =>
      refresh.result.current.mutateAsync({
        connectionId: completing,
        body: { workspaceId: completingWorkspace },
      }),
    );
    expect(statusRequests()).toEqual([]);

    const { result } = renderHook(
      () => useRefreshStatus(completing, { jobId: run.jobId, pollIntervalMs }),
      { wrapper },
    );
    // Its first render shows the run as the refresh answered, from the cache, not from a request.
    expect(result.current.isPending).toBe(false);
    expect(result.current.data).toEqual({ run, outcome: undefined });
    await waitFor(() => expect(result.current.data?.outcome).toBe("complete"));
    expect(fetches.filter((key) => key[1] === "runs")[0]).toEqual(
      forClient(prepKeys.refreshStatus(completing, run.jobId), client),
    );
  });

  test("a refresh is found by prepMutationKeys.refreshConnection(), among its own client's mutations", async () => {
    const client = clientFor(mockServer().url);
    const other = clientFor("http://127.0.0.1:1");
    const { wrapper } = providers(client);
    const { result } = renderHook(
      () => ({
        refresh: useRefreshConnection(),
        any: useMutationState({ filters: { mutationKey: prepMutationKeys.refreshConnection() } }),
        mine: useMutationState({
          filters: { mutationKey: forClient(prepMutationKeys.refreshConnection(), client) },
        }),
        others: useMutationState({
          filters: { mutationKey: forClient(prepMutationKeys.refreshConnection(), other) },
        }),
        batches: useMutationState({ filters: { mutationKey: prepMutationKeys.refreshBatch() } }),
      }),
      { wrapper },
    );
    await act(() => result.current.refresh.mutateAsync({ connectionId: completing }));
    await waitFor(() => expect(result.current.any.map((m) => m.status)).toEqual(["success"]));
    expect(result.current.mine.map((m) => m.variables)).toEqual([{ connectionId: completing }]);
    expect([result.current.others, result.current.batches]).toEqual([[], []]);
  });

  test.each([
    ["an unknown connection (404)", NotFoundError, "no-such-connection", false],
    ["a connection already running (409)", ConflictError, completing, true],
  ] as const)(
    "a refresh refused for %s makes one request and leaves the cache untouched",
    async (_, ErrorClass, connectionId, startFirst) => {
      const server = startFirst ? await neverFinishing() : mockServer();
      const client = clientFor(server.url);
      // Even a QueryClient that retries mutations by default does not retry this one.
      const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: 3 } } });
      // A run started elsewhere, still going when this page asks for another.
      if (startFirst) await client.refreshConnection(connectionId);
      const { result } = renderConnectionPage(client, connectionId, queryClient);
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      await waitFor(() => expect(result.current.detail.isFetching).toBe(false));
      const before = cacheState(queryClient);
      const sent = server.requests.length;

      act(() => result.current.refresh.mutate({ connectionId }));
      await waitFor(() => expect(result.current.refresh.isError).toBe(true));
      expect(result.current.refresh.error).toBeInstanceOf(ErrorClass);
      expect(result.current.refresh.failureCount).toBe(1);
      expect(requestLines(server).slice(sent)).toEqual([
        `POST /api/v1/connections/${connectionId}/refresh`,
      ]);
      // Nothing in the cache changed: no data, no state, nothing invalidated.
      expect(cacheState(queryClient)).toEqual(before);
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
    expect(requestLines(mockServer())).toEqual([`POST /api/v1/connections/${completing}/refresh`]);
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
    const query = queryClient.getQueryCache().find({
      queryKey: forClient(prepKeys.refreshStatus(completing, "no-such-job"), client),
    });
    expect(query).toBeDefined();
    const refetchInterval = query?.observers[0]?.options.refetchInterval;
    expect(refetchInterval).toBeTypeOf("function");
    expect(typeof refetchInterval === "function" && query && refetchInterval(query)).toBe(false);
    // Polls of the same interval go by while the hook stays mounted: no second request.
    await pollsOf(pollIntervalMs, 5);
    expect(requestLines(mockServer())).toEqual([`GET /api/v1/connections/${completing}/status`]);
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
