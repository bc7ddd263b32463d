// Two PrepClientProviders under one QueryClient, each for its own API (say "us" and "eu"): the
// same connection ID must show each API's own data, lists and runs, and prepKeys still reach both.
// Clients of one API by two URLs (a server's and a browser's) that name one cacheScope share it.
// And hooks given a QueryClient of their own, which they use instead of the one in context.
import {
  dehydrate,
  HydrationBoundary,
  QueryClient,
  QueryClientProvider,
} from "@tanstack/react-query";
import { act, render, renderHook, screen, waitFor } from "@testing-library/react";
import { createPrepClient, NotFoundError } from "@wdata-prep/fetch";
import { seedConnections, startPrepMockServer } from "@wdata-prep/mock-server";
import { Suspense } from "react";
import { expect, onTestFinished, test } from "vitest";
import { clientFor, providers, requestLines, TOKEN } from "../test/harness.tsx";
import { useRefreshBatch, useRefreshBatchStatus } from "./batch.hooks.ts";
import { useConnection, useSuspenseConnection } from "./connection.hooks.ts";
import { connectionQueryOptions } from "./connection.ts";
import { useConnections } from "./connections.hooks.ts";
import { PrepClientProvider } from "./context.tsx";
import { isForClient, prepKeys, prepMutationKeys } from "./keys.ts";
import { useRefreshConnection, useRefreshStatus } from "./refresh.hooks.ts";

const seeded = seedConnections[0];
const id = seeded?.connectionId as string;

/** A mock API serving the first seeded connection under another name; its runs take 100 ms. */
async function apiNaming(name: string) {
  const server = await startPrepMockServer({
    token: TOKEN,
    connections: [{ ...seeded, name }],
    runDurationMs: 100,
  });
  onTestFinished(() => server.close());
  return server;
}

function Name({ label }: { label: string }) {
  const { data } = useConnection(id);
  return <p>{`${label}: ${data?.name ?? "loading"}`}</p>;
}

test("two clients of different APIs under one QueryClient each show their own data", async () => {
  const [us, eu] = [await apiNaming("Revenue (US)"), await apiNaming("Revenue (EU)")];
  const queryClient = new QueryClient();
  render(
    <QueryClientProvider client={queryClient}>
      <PrepClientProvider client={clientFor(us.url)}>
        <Name label="us" />
      </PrepClientProvider>
      <PrepClientProvider client={clientFor(eu.url)}>
        <Name label="eu" />
      </PrepClientProvider>
    </QueryClientProvider>,
  );

  expect(await screen.findByText("us: Revenue (US)")).toBeTruthy();
  expect(await screen.findByText("eu: Revenue (EU)")).toBeTruthy();
  expect([us.requests.length, eu.requests.length]).toEqual([1, 1]);

  // A prepKeys key names no client, so it reaches the queries of both.
  await queryClient.invalidateQueries({ queryKey: prepKeys.connection(id) });
  expect([us.requests.length, eu.requests.length]).toEqual([2, 2]);
});

test("lists and runs of two clients under one QueryClient stay apart, and a run finishing refreshes only its client's queries", async () => {
  const [us, eu] = [await apiNaming("Revenue (US)"), await apiNaming("Revenue (EU)")];
  const queryClient = new QueryClient();
  const usPage = renderHook(
    () => {
      const list = useConnections();
      const refresh = useRefreshConnection();
      const status = useRefreshStatus(id, { jobId: refresh.data?.jobId, pollIntervalMs: 10 });
      const row = list.data?.pages[0]?.items[0];
      return { refresh, outcome: status.data?.outcome, name: row?.name, lastRun: row?.lastRun };
    },
    { wrapper: providers(clientFor(us.url), queryClient).wrapper },
  );
  const euPage = renderHook(
    () => {
      const list = useConnections();
      const row = list.data?.pages[0]?.items[0];
      return { name: row?.name, lastRun: row?.lastRun };
    },
    { wrapper: providers(clientFor(eu.url), queryClient).wrapper },
  );
  await waitFor(() => expect(usPage.result.current.name).toBe("Revenue (US)"));
  await waitFor(() => expect(euPage.result.current.name).toBe("Revenue (EU)"));
  expect([us.requests.length, eu.requests.length]).toEqual([1, 1]);

  const run = await act(() => usPage.result.current.refresh.mutateAsync({ connectionId: id }));
  await waitFor(() => expect(usPage.result.current.outcome).toBe("complete"));
  await waitFor(() =>
    expect(usPage.result.current.lastRun).toMatchObject({
      jobId: run.jobId,
      destinationStatus: "complete",
    }),
  );
  // The EU list was neither fetched again nor marked stale: the run was on the US API.
  expect(requestLines(eu)).toEqual(["GET /api/v1/connections"]);
  expect(euPage.result.current.lastRun).toEqual(seeded?.lastRun);
  const euList = queryClient
    .getQueryCache()
    .findAll({ queryKey: prepKeys.connectionLists() })
    .find((query) => isForClient(query.queryKey, clientFor(eu.url)));
  expect(euList?.state).toMatchObject({ dataUpdateCount: 1, isInvalidated: false });

  // The same run asked of the EU API is another query: there, no such job.
  const euRun = renderHook(() => useRefreshStatus(id, { jobId: run.jobId, pollIntervalMs: 10 }), {
    wrapper: providers(clientFor(eu.url), queryClient).wrapper,
  });
  await waitFor(() => expect(euRun.result.current.error).toBeInstanceOf(NotFoundError));
  expect(
    queryClient.getQueriesData({ queryKey: prepKeys.refreshStatus(id, run.jobId) }),
  ).toHaveLength(2);
});

test("a connection a server prefetched is shown through the browser's client of the same cacheScope, with no request", async () => {
  const api = await apiNaming("Revenue (server)");
  // The server's client: the API's own URL and a token. The browser's: the app's proxy.
  const onServer = createPrepClient({ baseUrl: api.url, token: TOKEN, cacheScope: "prep" });
  const inBrowser = createPrepClient({ baseUrl: "/prep", cacheScope: "prep" });
  const server = new QueryClient();
  await server.prefetchQuery(connectionQueryOptions(onServer, id));
  // What a server sends a browser: JSON, with no functions and no class instances.
  const state = JSON.parse(JSON.stringify(dehydrate(server)));

  const { wrapper: Providers, fetches } = providers(inBrowser);
  render(
    <Providers>
      <HydrationBoundary state={state}>
        <Name label="browser" />
      </HydrationBoundary>
    </Providers>,
  );
  expect(screen.getByText("browser: Revenue (server)")).toBeTruthy();
  expect(fetches).toEqual([]);
  expect(requestLines(api)).toEqual([`GET /api/v1/connections/${id}`]);
});

function SuspenseName({ queryClient }: { queryClient: QueryClient }) {
  const { data } = useSuspenseConnection(id, {}, queryClient);
  return <p>{`suspense: ${data.name}`}</p>;
}

test("every hook given a QueryClient uses it for its queries, mutations and cache updates, and leaves the context's alone", async () => {
  const api = await apiNaming("Revenue");
  const client = clientFor(api.url);
  const context = new QueryClient();
  const own = new QueryClient();
  const { wrapper } = providers(client, context);
  const { result } = renderHook(
    () => {
      const run = useRefreshConnection({}, own);
      const batch = useRefreshBatch({}, own);
      return {
        detail: useConnection(id, {}, own),
        list: useConnections({}, {}, own),
        run,
        runStatus: useRefreshStatus(id, { jobId: run.data?.jobId, pollIntervalMs: 10 }, own),
        batch,
        batchStatus: useRefreshBatchStatus(batch.data?.batchRefreshId, { pollIntervalMs: 10 }, own),
      };
    },
    { wrapper },
  );
  render(
    <Suspense fallback={<p>loading</p>}>
      <SuspenseName queryClient={own} />
    </Suspense>,
    { wrapper },
  );
  expect(await screen.findByText("suspense: Revenue")).toBeTruthy();
  await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
  await waitFor(() => expect(result.current.detail.isSuccess).toBe(true));

  const run = await act(() => result.current.run.mutateAsync({ connectionId: id }));
  await waitFor(() => expect(result.current.runStatus.data?.outcome).toBe("complete"));
  const batch = await act(() =>
    result.current.batch.mutateAsync({ items: [{ connectionId: id }] }),
  );
  await waitFor(() => expect(result.current.batchStatus.data?.outcome).toBe("complete"));
  // The details were invalidated in the hooks' QueryClient, and read again there.
  await waitFor(() =>
    expect(result.current.detail.data?.lastRun?.jobId).toBe(batch.childRefreshes?.[0]?.jobId),
  );

  expect(context.getQueryCache().getAll()).toEqual([]);
  expect(context.getMutationCache().getAll()).toEqual([]);
  const cached = (queryKey: readonly unknown[]) => own.getQueriesData({ queryKey }).length;
  expect(cached(prepKeys.connection(id))).toBe(1);
  expect(cached(prepKeys.connectionLists())).toBe(1);
  expect(cached(prepKeys.refreshStatus(id, run.jobId))).toBe(1);
  expect(cached(prepKeys.refreshBatchStatus(batch.batchRefreshId))).toBe(1);
  expect(own.getMutationCache().findAll({ mutationKey: prepMutationKeys.all })).toHaveLength(2);
});
