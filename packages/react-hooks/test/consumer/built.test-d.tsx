// The published types as a consumer compiles them, with `exactOptionalPropertyTypes` and
// `skipLibCheck: false` (test/consumer/tsconfig.json): every import below is the package's own
// name, which resolves to the built .d.ts, not to the source.
import {
  QueryClient,
  useInfiniteQuery,
  useQueries,
  useQuery,
  useSuspenseInfiniteQuery,
  useSuspenseQuery,
} from "@tanstack/react-query";
import type { Connection } from "@wdata-prep/core";
import type { PrepClient, PrepError } from "@wdata-prep/fetch";
import {
  type ConnectionPageData,
  type ConnectionsData,
  connectionQueryOptions,
  connectionsInfiniteQueryOptions,
  type RefreshBatchStatus,
  type RefreshStatus,
  refreshBatchStatusQueryOptions,
  refreshStatusQueryOptions,
  useConnection,
  useConnections,
  useRefreshBatch,
  useRefreshBatchStatus,
  useRefreshConnection,
  useRefreshStatus,
} from "@wdata-prep/react-hooks";
import { describe, expectTypeOf, test } from "vitest";

declare const prep: PrepClient;
declare const maybe: string | undefined;
const queryClient = new QueryClient();

describe("the options factories, with exactOptionalPropertyTypes", () => {
  test("connectionQueryOptions: every QueryClient method and query hook takes them as they are", async () => {
    const options = connectionQueryOptions(prep, "c1", { workspaceId: maybe });
    expectTypeOf(await queryClient.fetchQuery(options)).toEqualTypeOf<Connection>();
    expectTypeOf(await queryClient.ensureQueryData(options)).toEqualTypeOf<Connection>();
    expectTypeOf(await queryClient.prefetchQuery(options)).toEqualTypeOf<void>();
    expectTypeOf(useQuery(options).data).toEqualTypeOf<Connection | undefined>();
    expectTypeOf(useQuery(options).error).toEqualTypeOf<PrepError | null>();
    expectTypeOf(useSuspenseQuery(options).data).toEqualTypeOf<Connection>();
    expectTypeOf(useQueries({ queries: [options] })[0].data).toEqualTypeOf<
      Connection | undefined
    >();
    const name = useQuery({ ...options, select: (c) => c.name }).data;
    expectTypeOf(name).toEqualTypeOf<string | undefined>();
  });

  test("connectionsInfiniteQueryOptions: every QueryClient method and infinite query hook takes them", async () => {
    const options = connectionsInfiniteQueryOptions(prep, { limit: 5 }, { timeoutMs: undefined });
    expectTypeOf(await queryClient.fetchInfiniteQuery(options)).toEqualTypeOf<ConnectionsData>();
    expectTypeOf(
      await queryClient.ensureInfiniteQueryData(options),
    ).toEqualTypeOf<ConnectionsData>();
    await queryClient.prefetchInfiniteQuery({ ...options, pages: 2 });
    expectTypeOf(useInfiniteQuery(options).data).toEqualTypeOf<ConnectionsData | undefined>();
    expectTypeOf(useSuspenseInfiniteQuery(options).data).toEqualTypeOf<ConnectionsData>();
    expectTypeOf(queryClient.getQueryData(options.queryKey)?.pages).toEqualTypeOf<
      ConnectionPageData[] | undefined
    >();
  });

  test("refreshStatusQueryOptions and refreshBatchStatusQueryOptions: the same", async () => {
    const run = refreshStatusQueryOptions(prep, "c1", { jobId: "j1", workspaceId: maybe });
    expectTypeOf(await queryClient.fetchQuery(run)).toEqualTypeOf<RefreshStatus>();
    expectTypeOf(await queryClient.ensureQueryData(run)).toEqualTypeOf<RefreshStatus>();
    await queryClient.prefetchQuery(run);
    expectTypeOf(useQuery(run).data).toEqualTypeOf<RefreshStatus | undefined>();
    const batch = refreshBatchStatusQueryOptions(prep, "b1", { pollIntervalMs: undefined });
    expectTypeOf(await queryClient.fetchQuery(batch)).toEqualTypeOf<RefreshBatchStatus>();
    await queryClient.prefetchQuery(batch);
    expectTypeOf(useSuspenseQuery(batch).data).toEqualTypeOf<RefreshBatchStatus>();
  });

  test("a factory's queryKey reads the cache, typed", () => {
    expectTypeOf(
      queryClient.getQueryData(connectionQueryOptions(prep, "c1").queryKey),
    ).toEqualTypeOf<Connection | undefined>();
    expectTypeOf(
      queryClient.getQueryData(refreshStatusQueryOptions(prep, "c1", { jobId: "j1" }).queryKey),
    ).toEqualTypeOf<RefreshStatus | undefined>();
    expectTypeOf(
      queryClient.getQueryState(refreshBatchStatusQueryOptions(prep, "b1").queryKey)?.error,
    ).toEqualTypeOf<PrepError | null | undefined>();
  });
});

describe("the hooks, with exactOptionalPropertyTypes", () => {
  test("take options that may be undefined, and a QueryClient last", () => {
    useConnection(maybe, { workspaceId: maybe, timeoutMs: undefined }, queryClient);
    useConnections({ destinationId: maybe, limit: undefined }, { maxRetries: undefined });
    // @ts-expect-error destinationType still needs destinationId
    useConnections({ destinationType: "spreadsheet", destinationId: maybe }, {}, queryClient);
    useRefreshStatus("c1", { jobId: maybe, workspaceId: maybe, pollIntervalMs: undefined });
    useRefreshBatchStatus(maybe, { workspaceId: maybe }, queryClient);
    const refresh = useRefreshConnection({ timeoutMs: undefined }, queryClient);
    refresh.mutate({ connectionId: "c1", body: undefined });
    const batch = useRefreshBatch({}, queryClient);
    batch.mutate({ items: [{ connectionId: "c1" }], cancelUnwritables: undefined });
  });
});
