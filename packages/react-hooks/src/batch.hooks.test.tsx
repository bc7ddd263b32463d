import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { QueryClient, useMutationState } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { RefreshBatchRequest } from "@wdata-prep/core";
import { BadRequestError, type PrepClient, PrepError } from "@wdata-prep/fetch";
import { seedConnections } from "@wdata-prep/mock-server";
import { describe, expect, onTestFinished, test } from "vitest";
import {
  cacheState,
  clientFor,
  fromLast,
  mockServerPerFile,
  providers,
  requestLines,
  type SeededConnection,
  seededEnding,
  seededError,
  workbook,
} from "../test/harness.tsx";
import { useRefreshBatch, useRefreshBatchStatus } from "./batch.hooks.ts";
import { useConnection } from "./connection.hooks.ts";
import { connectionQueryOptions } from "./connection.ts";
import { useConnections } from "./connections.hooks.ts";
import { forClient, prepKeys, prepMutationKeys } from "./keys.ts";

// Runs long enough to be seen in each phase, polled far more often than that.
const mockServer = mockServerPerFile({ runDurationMs: 600 });
const pollIntervalMs = 20;

/** Two connections of the workbook most seeded connections write into, and one of another. */
const complete = seededEnding("complete", workbook.destinationId);
const failing = seededEnding("source-error", workbook.destinationId);
const elsewhere = seedConnections.find(
  (c) => c.destinationId && c.destinationId !== workbook.destinationId,
) as SeededConnection;

/**
 * A Prep API on node:http, for one test, that knows the connections `complete` and `failing` and
 * the batch b1, finished, whose children do not say which connection each ran: the API promises
 * no field of a batch or a run. `detailsRead` lists the IDs whose details it was asked for.
 */
async function apiOfAnonymousChildren() {
  const detailsRead: string[] = [];
  const done = { sourceStatus: "complete", destinationStatus: "complete" } as const;
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const detail = [complete, failing]
      .map(({ connectionId }) => connectionId)
      .find((id) => path === `/api/v1/connections/${id}`);
    if (detail) detailsRead.push(detail);
    const body =
      path === "/api/v1/connections/batch/refresh/b1"
        ? { batchRefreshId: "b1", ...done, childRefreshes: [done, done] }
        : detail && { connectionId: detail, name: `Connection ${detail}` };
    response.writeHead(body ? 200 : 404, { "content-type": "application/json" });
    response.end(JSON.stringify(body ? { body, code: 200 } : { body: "Not found", code: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, detailsRead };
}

/** The order of a batch's phases, as "source/destination", for a batch that ends in error. */
const phases = ["not_started/not_started", "running/not_started", "running/running", "error/error"];

/**
 * A page that selects connections and refreshes them as a batch, showing the batch's progress,
 * each child's, the list and both connections' details. Records every batch status it shows.
 */
function renderBatchPage(client: PrepClient, queryClient?: QueryClient) {
  const { wrapper, queryClient: cache } = providers(client, queryClient);
  const seen: string[] = [];
  const { result } = renderHook(
    () => {
      const list = useConnections({ limit: 50 });
      const first = useConnection(complete.connectionId);
      const second = useConnection(failing.connectionId);
      const refresh = useRefreshBatch();
      const status = useRefreshBatchStatus(refresh.data?.batchRefreshId, { pollIntervalMs });
      const batch = status.data?.batch;
      const shown = batch && `${batch.sourceStatus}/${batch.destinationStatus}`;
      if (shown && seen.at(-1) !== shown) seen.push(shown);
      const row = (id: string) => list.data?.pages[0]?.items.find((c) => c.connectionId === id);
      return {
        list,
        refresh,
        status,
        details: [first.data?.lastRun, second.data?.lastRun],
        rows: [row(complete.connectionId)?.lastRun, row(failing.connectionId)?.lastRun],
      };
    },
    { wrapper },
  );
  return { result, seen, queryClient: cache };
}

describe("useRefreshBatch and useRefreshBatchStatus", () => {
  test("a batch of two watched to its end shows both outcomes, then the details and the list show them", async () => {
    const { result, seen } = renderBatchPage(clientFor(mockServer().url));
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    await waitFor(() => expect(result.current.details.every(Boolean)).toBe(true));

    const refreshes = [complete, failing].map(({ connectionId }) => ({
      connectionId,
    }));
    act(() => result.current.refresh.mutate({ items: refreshes }));
    await waitFor(() => expect(result.current.status.data?.outcome).toBe("error"));

    // A failed batch is data: each child with its own outcome, and the failing one's error.
    const status = result.current.status.data;
    expect(result.current.status.error).toBeNull();
    expect(status?.children.map(({ run, outcome }) => [run.connectionId, outcome])).toEqual([
      [complete.connectionId, "complete"],
      [failing.connectionId, "error"],
    ]);
    expect(status?.children[1]?.run.error).toBe(seededError(failing.connectionId));
    expect(status?.batch.batchRefreshId).toBe(result.current.refresh.data?.batchRefreshId);

    // Its statuses in order, from the batch as it started.
    expect(seen[0]).toBe("not_started/not_started");
    expect(seen.at(-1)).toBe("error/error");
    const order = seen.map((shown) => phases.indexOf(shown));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));

    // Then both connections' details and their list rows show their finished runs.
    const finished = status?.children.map(({ run }) => run);
    await waitFor(() => expect(result.current.details).toEqual(finished));
    await waitFor(() => expect(result.current.rows).toEqual(finished));
    const lines = requestLines(mockServer());
    expect(fromLast(lines, (line) => line.includes("/batch/refresh/"))).toEqual(
      expect.arrayContaining([
        `GET /api/v1/connections/${complete.connectionId}`,
        `GET /api/v1/connections/${failing.connectionId}`,
        "GET /api/v1/connections",
      ]),
    );
    expect(lines.filter((line) => line.startsWith("POST"))).toEqual([
      "POST /api/v1/connections/batch/refresh",
    ]);
  });

  test("a batch the API refuses shows its message naming the items, from one request, leaving the cache alone", async () => {
    const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: 3 } } });
    const { result } = renderBatchPage(clientFor(mockServer().url), queryClient);
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    await waitFor(() => expect(result.current.details.every(Boolean)).toBe(true));
    const before = cacheState(queryClient);
    const sent = mockServer().requests.length;

    const mixed: RefreshBatchRequest = [complete, elsewhere].map(({ connectionId }) => ({
      connectionId,
    }));
    act(() => result.current.refresh.mutate({ items: mixed }));
    await waitFor(() => expect(result.current.refresh.isError).toBe(true));
    const error = result.current.refresh.error;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error?.message).toContain(
      `[1].connectionId writes into ${elsewhere.destinationId}, not into ${workbook.destinationId}`,
    );
    expect(error instanceof BadRequestError && error.details?.map((d) => d.target)).toEqual([
      "[1].connectionId",
    ]);
    expect(result.current.refresh.failureCount).toBe(1);
    expect(requestLines(mockServer()).slice(sent)).toEqual([
      "POST /api/v1/connections/batch/refresh",
    ]);
    expect(cacheState(queryClient)).toEqual(before);
  });

  test("cancelUnwritables is sent, and a child that cannot write is cancelled on its own", async () => {
    const unwritable = seededEnding("unwritable", workbook.destinationId).connectionId;
    const { wrapper } = providers(clientFor(mockServer().url));
    const { result } = renderHook(
      () => {
        const refresh = useRefreshBatch();
        const status = useRefreshBatchStatus(refresh.data?.batchRefreshId, { pollIntervalMs });
        return { refresh, status };
      },
      { wrapper },
    );
    act(() =>
      result.current.refresh.mutate({
        items: [{ connectionId: complete.connectionId }, { connectionId: unwritable }],
        cancelUnwritables: true,
      }),
    );
    await waitFor(() => expect(result.current.status.data?.outcome).toBe("cancelled"));
    // The child never ran: cancelled on both sides, as asked, so its outcome agrees with the
    // batch's.
    const [ran, cancelled] = result.current.status.data?.children ?? [];
    expect(ran?.outcome).toBe("complete");
    expect(cancelled?.run).toMatchObject({
      connectionId: unwritable,
      sourceStatus: "cancelled",
      destinationStatus: "cancelled",
    });
    expect(cancelled?.run.error).toBeUndefined();
    expect(cancelled?.outcome).toBe("cancelled");
    expect(mockServer().requests[0]?.query).toEqual({ cancelUnwritables: "true" });
  });

  test("the status query waits for its batchId, then starts from the batch as it started, whatever workspace it names", async () => {
    const client = clientFor(mockServer().url);
    const { wrapper, fetches, firstData } = providers(client);
    const { result } = renderHook(
      () => {
        const refresh = useRefreshBatch();
        const status = useRefreshBatchStatus(refresh.data?.batchRefreshId, {
          workspaceId: complete.workspaceId,
          pollIntervalMs,
        });
        return { refresh, status };
      },
      { wrapper },
    );
    expect(result.current.status.isPending).toBe(true);
    expect(result.current.status.fetchStatus).toBe("idle");
    expect(fetches).toEqual([]);

    const batch = await act(() =>
      result.current.refresh.mutateAsync({ items: [{ connectionId: complete.connectionId }] }),
    );
    const key = forClient(prepKeys.refreshBatchStatus(batch.batchRefreshId), client);
    // The batch as the API answered the refresh, before any status request.
    expect(firstData(key)).toMatchObject({
      batch,
      outcome: undefined,
      children: [{ run: batch.childRefreshes?.[0], outcome: undefined }],
    });
    await waitFor(() => expect(result.current.status.data?.outcome).toBe("complete"));
    expect(fetches[0]).toEqual(key);
  });

  test("a batch settles once the cache is true: the caller's onSuccess sees its connections read again", async () => {
    const client = clientFor(mockServer().url);
    const { wrapper, queryClient } = providers(client);
    const ids = [complete.connectionId, failing.connectionId];
    const lastJobs = () =>
      ids.map(
        (id) =>
          queryClient.getQueryData(connectionQueryOptions(client, id).queryKey)?.lastRun?.jobId,
      );
    const seen: unknown[] = [];
    const { result } = renderHook(
      () => ({
        details: ids.map((id) => useConnection(id)),
        refresh: useRefreshBatch({
          onSuccess: () => {
            seen.push(["onSuccess", lastJobs(), queryClient.isFetching()]);
          },
        }),
      }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.details.every((d) => d.isSuccess)).toBe(true));

    const batch = await act(async () => {
      const started = await result.current.refresh.mutateAsync({
        items: ids.map((connectionId) => ({ connectionId })),
      });
      seen.push(["resolved", lastJobs(), queryClient.isFetching()]);
      return started;
    });
    const jobs = batch.childRefreshes?.map((run) => run.jobId);
    expect(jobs).toHaveLength(2);
    expect(seen).toEqual([
      ["onSuccess", jobs, 0],
      ["resolved", jobs, 0],
    ]);
  });

  test("a batch is found by prepMutationKeys.refreshBatch()", async () => {
    const client = clientFor(mockServer().url);
    const { wrapper } = providers(client);
    const { result } = renderHook(
      () => ({
        refresh: useRefreshBatch(),
        batches: useMutationState({
          filters: { mutationKey: forClient(prepMutationKeys.refreshBatch(), client) },
        }),
        runs: useMutationState({ filters: { mutationKey: prepMutationKeys.refreshConnection() } }),
      }),
      { wrapper },
    );
    const items = [{ connectionId: complete.connectionId }];
    await act(() => result.current.refresh.mutateAsync({ items, cancelUnwritables: true }));
    await waitFor(() => expect(result.current.batches.map((m) => m.status)).toEqual(["success"]));
    expect(result.current.batches[0]?.variables).toEqual({ items, cancelUnwritables: true });
    expect(result.current.runs).toEqual([]);
  });

  test("a batch that finishes with children naming no connection invalidates every connection's details of its client only", async () => {
    const api = await apiOfAnonymousChildren();
    const queryClient = new QueryClient();
    // The same connection ID on another API under the same QueryClient.
    const elsewhereDetail = renderHook(() => useConnection(complete.connectionId), {
      wrapper: providers(clientFor(mockServer().url), queryClient).wrapper,
    });
    const page = renderHook(
      ({ batchId }) => ({
        details: [
          useConnection(complete.connectionId),
          useConnection(failing.connectionId, { workspaceId: "w1" }),
        ],
        status: useRefreshBatchStatus(batchId, { pollIntervalMs }),
      }),
      {
        wrapper: providers(clientFor(api.url), queryClient).wrapper,
        initialProps: { batchId: undefined as string | undefined },
      },
    );
    await waitFor(() => expect(page.result.current.details.every((d) => d.isSuccess)).toBe(true));
    await waitFor(() => expect(elsewhereDetail.result.current.isFetched).toBe(true));
    expect(api.detailsRead).toHaveLength(2);

    page.rerender({ batchId: "b1" });
    await waitFor(() => expect(page.result.current.status.data?.outcome).toBe("complete"));
    expect(page.result.current.status.data?.children.map(({ run }) => run.connectionId)).toEqual([
      undefined,
      undefined,
    ]);
    // Neither child says which connection it ran: the details of both are read again.
    await waitFor(() =>
      expect([...api.detailsRead].sort()).toEqual(
        [complete, complete, failing, failing].map(({ connectionId }) => connectionId).sort(),
      ),
    );
    // Those of the other API are neither read again nor marked stale.
    expect(requestLines(mockServer())).toEqual([
      `GET /api/v1/connections/${complete.connectionId}`,
    ]);
    expect(elsewhereDetail.result.current.isStale).toBe(false);
    expect(
      queryClient
        .getQueryCache()
        .findAll({ queryKey: prepKeys.connection(complete.connectionId) })
        .map((query) => query.state.isInvalidated),
    ).toEqual([false, false]);
  });

  test("a bad pollIntervalMs is a PrepError that says so, before any request", () => {
    const { wrapper } = providers(clientFor(mockServer().url));
    for (const bad of [-1, 2 ** 31]) {
      expect(() =>
        renderHook(() => useRefreshBatchStatus(undefined, { pollIntervalMs: bad }), { wrapper }),
      ).toThrow(PrepError);
    }
    expect(mockServer().requests).toEqual([]);
  });
});
