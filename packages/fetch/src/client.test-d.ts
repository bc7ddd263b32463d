import { QueryClient, useQuery } from "@tanstack/react-query";
import type { Connection, ConnectionRun, operations, paths, RefreshBatch } from "@wdata-prep/core";
import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import { createPrepClient } from "./client.ts";
import type {
  GetConnectionOptions,
  GetRefreshStatusOptions,
  ListConnectionsOptions,
  RefreshBatchOptions,
} from "./connections.ts";
import { isPrepError, PrepBatchError, PrepRunError, PrepWaitTimeoutError } from "./errors.ts";
import { type RunOutcome, runOutcome } from "./outcome.ts";
import type { ConnectionPage } from "./pagination.ts";
import type { PrepPromise, WithResponse } from "./promise.ts";

const prep = createPrepClient({ token: "t" });

describe("createPrepClient", () => {
  test("getConnection resolves to a Connection; baseUrl and cacheScope are strings that cannot be changed", () => {
    expectTypeOf(prep.getConnection("c1")).resolves.toEqualTypeOf<Connection>();
    expectTypeOf(prep.getConnection).parameter(1).toEqualTypeOf<GetConnectionOptions | undefined>();
    expectTypeOf(prep.baseUrl).toEqualTypeOf<string>();
    expectTypeOf(prep.cacheScope).toEqualTypeOf<string>();
    // @ts-expect-error baseUrl is read-only: it names the API the client calls
    prep.baseUrl = "https://elsewhere.example";
    // @ts-expect-error cacheScope is read-only: it names the API the client's data comes from
    prep.cacheScope = "elsewhere";
  });

  test("every method returns a Promise whose withResponse() gives the data, the response and its request ID", () => {
    expectTypeOf(prep.getConnection("c1")).toEqualTypeOf<PrepPromise<Connection>>();
    expectTypeOf(prep.getConnection("c1")).toExtend<Promise<Connection>>();
    expectTypeOf(prep.getConnection("c1").withResponse()).resolves.toEqualTypeOf<
      WithResponse<Connection>
    >();
    expectTypeOf<WithResponse<Connection>>().toEqualTypeOf<{
      data: Connection;
      response: Response;
      requestId: string | undefined;
    }>();
    expectTypeOf(prep.getConnection("c1").catch(() => null)).toEqualTypeOf<
      Promise<Connection | null>
    >();
    expectTypeOf(prep.refreshAndWait("c1").withResponse()).resolves.toEqualTypeOf<
      WithResponse<ConnectionRun>
    >();
    expectTypeOf(prep.listConnections().withResponse()).resolves.toEqualTypeOf<
      WithResponse<ConnectionPage>
    >();
    expectTypeOf(prep.listConnections()).toExtend<Promise<ConnectionPage>>();
    expectTypeOf(prep.listConnections().finally(() => {})).toEqualTypeOf<Promise<ConnectionPage>>();
  });

  test("a queryFn that returns listConnections() gives TanStack Query the page type", () => {
    () => {
      const { data } = useQuery({
        queryKey: ["connections"],
        queryFn: () => prep.listConnections({ limit: 10 }),
      });
      expectTypeOf(data).toEqualTypeOf<ConnectionPage | undefined>();
      const { data: connection } = useQuery({
        queryKey: ["connection", "c1"],
        queryFn: ({ signal }) => prep.getConnection("c1", { signal }),
      });
      expectTypeOf(connection).toEqualTypeOf<Connection | undefined>();
    };
    expectTypeOf(
      new QueryClient().fetchQuery({ queryKey: ["p"], queryFn: () => prep.listConnections() }),
    ).resolves.toEqualTypeOf<ConnectionPage>();
  });

  test("the options of a call are plain strings and booleans, as the spec types them", () => {
    type Query<Name extends keyof operations> = NonNullable<
      operations[Name]["parameters"]["query"]
    >;
    expectTypeOf(prep.getConnection).parameter(0).toEqualTypeOf<string>();
    expectTypeOf<GetConnectionOptions["workspaceId"]>().toEqualTypeOf<
      Query<"getConnection">["workspaceId"]
    >();
    expectTypeOf<GetRefreshStatusOptions["jobId"]>().toEqualTypeOf<
      Query<"getRefreshStatus">["jobId"]
    >();
    expectTypeOf<RefreshBatchOptions["cancelUnwritables"]>().toEqualTypeOf<
      Query<"refreshBatch">["cancelUnwritables"]
    >();
    expectTypeOf<
      operations["getConnection"]["parameters"]["path"]["connectionId"]
    >().toEqualTypeOf<string>();
  });

  test("listConnections is the first page awaited, every connection iterated, every page from pages()", () => {
    const list = prep.listConnections({ destinationType: "spreadsheet", destinationId: "d1" });
    async () => {
      const page = await list;
      expectTypeOf(page).toEqualTypeOf<ConnectionPage>();
      expectTypeOf(page.items).toEqualTypeOf<Connection[]>();
      expectTypeOf(page.cursor).toEqualTypeOf<string | undefined>();
      expectTypeOf(page.hasNextPage()).toEqualTypeOf<boolean>();
      expectTypeOf(page.nextPage()).toEqualTypeOf<PrepPromise<ConnectionPage>>();
      for await (const connection of prep.listConnections({ sourceId: "s1" })) {
        expectTypeOf(connection).toEqualTypeOf<Connection>();
      }
      for await (const p of prep.listConnections().pages()) {
        expectTypeOf(p).toEqualTypeOf<ConnectionPage>();
      }
    };
  });

  test("listConnections takes the options of every call and maxPages, a number, and no other key", () => {
    prep.listConnections({}, { maxPages: 500, timeoutMs: 1000, signal: AbortSignal.abort() });
    expectTypeOf<ListConnectionsOptions["maxPages"]>().toEqualTypeOf<number | undefined>();
    // @ts-expect-error: a parameter the API does not document
    prep.listConnections({ workspaceId: "w1" });
    // @ts-expect-error: maxPages is a number
    prep.listConnections({}, { maxPages: "10" });
  });

  test("runs and batches resolve to ConnectionRun and RefreshBatch", () => {
    expectTypeOf(
      prep.refreshConnection("c1", { usePreviousSourceParameters: true }),
    ).resolves.toEqualTypeOf<ConnectionRun>();
    expectTypeOf(
      prep.getRefreshStatus("c1", { jobId: "j1" }),
    ).resolves.toEqualTypeOf<ConnectionRun>();
    expectTypeOf(
      prep.refreshBatch([{ connectionId: "a" }, { connectionId: "b" }], {
        cancelUnwritables: true,
      }),
    ).resolves.toEqualTypeOf<RefreshBatch>();
    expectTypeOf(prep.getRefreshBatchStatus("b1")).resolves.toEqualTypeOf<RefreshBatch>();
  });

  test("the waits resolve to the finished ConnectionRun or RefreshBatch, onProgress hearing the same", () => {
    const signal = new AbortController().signal;
    expectTypeOf(
      prep.waitForRefresh("c1", {
        jobId: "j1",
        deadlineMs: 600_000,
        timeoutMs: 10_000,
        maxRetries: 1,
        headers: { "x-trace": "t1" },
        pollIntervalMs: 2_000,
        onProgress: (run) => expectTypeOf(run).toEqualTypeOf<ConnectionRun>(),
        signal,
      }),
    ).resolves.toEqualTypeOf<ConnectionRun>();
    expectTypeOf(
      prep.refreshAndWait("c1", { usePreviousSourceParameters: true }, { deadlineMs: 600_000 }),
    ).resolves.toEqualTypeOf<ConnectionRun>();
    expectTypeOf(
      prep.waitForBatch("b1", {
        deadlineMs: 1000,
        onProgress: (batch) => expectTypeOf(batch).toEqualTypeOf<RefreshBatch>(),
      }),
    ).resolves.toEqualTypeOf<RefreshBatch>();
    expectTypeOf(
      prep.refreshBatchAndWait([{ connectionId: "a" }, { connectionId: "b" }]),
    ).resolves.toEqualTypeOf<RefreshBatch>();
    async () => {
      const run = await prep.refreshConnection("c1");
      // The jobId of a run is optional in its type: the wait checks it is there.
      await prep.waitForRefresh("c1", { jobId: run.jobId });
    };
  });

  test("a run's error and a batch's error narrow by class, each with its own type", () => {
    const caught: unknown = null;
    if (caught instanceof PrepRunError) {
      expectTypeOf(caught.run).toEqualTypeOf<ConnectionRun>();
      expectTypeOf(caught.outcome).toEqualTypeOf<"error" | "cancelled">();
      expectTypeOf(caught.jobId).toEqualTypeOf<string>();
      expectTypeOf(caught.connectionId).toEqualTypeOf<string>();
    } else if (caught instanceof PrepBatchError) {
      expectTypeOf(caught.batch).toEqualTypeOf<RefreshBatch>();
      expectTypeOf(caught.failed).toEqualTypeOf<ConnectionRun[]>();
      expectTypeOf(caught.batchId).toEqualTypeOf<string>();
    }
    expectTypeOf(runOutcome).parameter(0).toEqualTypeOf<ConnectionRun | RefreshBatch>();
    expectTypeOf(runOutcome).returns.toEqualTypeOf<RunOutcome | undefined>();
    expectTypeOf<RunOutcome>().toEqualTypeOf<"complete" | "error" | "cancelled">();
  });

  test("every error of a wait may carry the IDs of its run or batch, and a deadline holds the last status", () => {
    const caught: unknown = null;
    if (isPrepError(caught)) {
      expectTypeOf(caught.jobId).toEqualTypeOf<string | undefined>();
      expectTypeOf(caught.batchId).toEqualTypeOf<string | undefined>();
      expectTypeOf(caught.connectionId).toEqualTypeOf<string | undefined>();
    }
    if (caught instanceof PrepWaitTimeoutError) {
      expectTypeOf(caught.deadlineMs).toEqualTypeOf<number>();
      expectTypeOf(caught.lastRun).toEqualTypeOf<ConnectionRun | RefreshBatch | undefined>();
    }
  });

  test("bad filters and options of the connections family do not compile", () => {
    // @ts-expect-error sourceType needs sourceId
    prep.listConnections({ sourceType: "wdata_query" });
    // @ts-expect-error destinationType needs destinationId
    prep.listConnections({ destinationType: "spreadsheet", sourceId: "s1" });
    // @ts-expect-error esg_program is a source type only
    prep.listConnections({ destinationType: "esg_program", destinationId: "d1" });
    // @ts-expect-error chart_visual is a RecordType but no filter
    prep.listConnections({ sourceType: "chart_visual", sourceId: "s1" });
    // @ts-expect-error no `source` filter
    prep.listConnections({ source: "s1" });
    // @ts-expect-error limit is a number
    prep.listConnections({ limit: "10" });
    // @ts-expect-error listConnections takes no workspaceId
    prep.listConnections({ workspaceId: "w1" });
    // @ts-expect-error a batch is an array of RefreshConnection
    prep.refreshBatch({ connectionId: "a" });
    // @ts-expect-error no `connection` field in a RefreshConnection
    prep.refreshBatch([{ connection: "a" }]);
    // @ts-expect-error cancelUnwritables is a boolean
    prep.refreshBatch([{ connectionId: "a" }], { cancelUnwritables: "yes" });
    // @ts-expect-error usePreviousSourceParameters is a boolean
    prep.refreshConnection("c1", { usePreviousSourceParameters: "yes" });
    // @ts-expect-error no `job` option
    prep.getRefreshStatus("c1", { job: "j1" });
    // @ts-expect-error a wait for a run needs its jobId
    prep.waitForRefresh("c1", {});
    // @ts-expect-error a wait for a run needs options with its jobId
    prep.waitForRefresh("c1");
    // @ts-expect-error no `interval` option: it is `pollIntervalMs`
    prep.waitForBatch("b1", { interval: 1000 });
    prep.waitForRefresh("c1", {
      jobId: "j1",
      // @ts-expect-error onProgress of a run hears a run, not a batch
      onProgress: (batch: { batchRefreshId: string }) => batch,
    });
    // @ts-expect-error refreshAndWait takes the jobId of the run it starts
    prep.refreshAndWait("c1", {}, { jobId: "j1" });
    // @ts-expect-error cancelUnwritables of a batch that is waited for is a boolean too
    prep.refreshBatchAndWait([{ connectionId: "a" }], { cancelUnwritables: "yes" });
    // @ts-expect-error the workspace ID of a wait is a string
    prep.waitForBatch("b1", { workspaceId: 7 });
  });

  test("raw is the openapi-fetch client typed by the API's paths", () => {
    expectTypeOf(prep.raw).toEqualTypeOf<Client<paths>>();
    async () => {
      const { data } = await prep.raw.GET("/api/v1/connections/{connectionId}", {
        params: { path: { connectionId: "c1" }, query: { workspaceId: "w" } },
      });
      expectTypeOf(data?.body).toEqualTypeOf<Connection | undefined>();
      // @ts-expect-error the path parameter is required
      await prep.raw.GET("/api/v1/connections/{connectionId}", {});
      // @ts-expect-error no such path
      await prep.raw.GET("/api/v1/connection/{id}");
    };
  });

  test("takes every documented option, each optional, in every region", () => {
    createPrepClient();
    createPrepClient({
      region: "eu",
      baseUrl: "https://proxy.example.com/prep",
      token: async () => "t",
      maxRetries: 0,
      timeoutMs: 5_000,
      fetch: globalThis.fetch,
      headers: { "x-trace": "1" },
      cacheScope: "prep-eu",
      logger: console,
      logLevel: "debug",
    });
    createPrepClient({ baseUrl: "/prep", logLevel: "off" });
    createPrepClient({
      clientCredentials: {
        clientId: "i",
        clientSecret: "s",
        tokenUrl: "https://idp/t",
        scope: "a",
      },
    });
    createPrepClient({ region: "us", token: () => "t" });
    createPrepClient({ region: "apac" });
  });

  test("rejects wrong option names and values", () => {
    // @ts-expect-error no `retries` option
    createPrepClient({ retries: 3 });
    // @ts-expect-error no `timeout` option
    createPrepClient({ timeout: 1000 });
    // @ts-expect-error not a region
    createPrepClient({ region: "mars" });
    // @ts-expect-error a token is a string or a function returning one
    createPrepClient({ token: 42 });
    // @ts-expect-error the secret is `clientSecret`
    createPrepClient({ clientCredentials: { clientId: "i", secret: "s" } });
    // @ts-expect-error extra headers are strings
    createPrepClient({ headers: { "x-retry": 1 } });
    // @ts-expect-error not a log level
    createPrepClient({ logLevel: "verbose" });
    // @ts-expect-error a logger has debug, info, warn and error
    createPrepClient({ logger: { log: () => {} } });
    // @ts-expect-error the deadline of a wait is deadlineMs, a number
    prep.waitForBatch("b1", { deadlineMs: "10m" });
    // @ts-expect-error the headers of a call are strings
    prep.getConnection("c1", { headers: { "x-retry": 1 } });
    // @ts-expect-error no `workspace` option
    prep.getConnection("c1", { workspace: "w" });
    // @ts-expect-error no `retries` option
    prep.getConnection("c1", { retries: 1 });
    // @ts-expect-error the connection ID is a string
    prep.getConnection(42);
    // @ts-expect-error the workspace ID is a string
    prep.getConnection("c1", { workspaceId: 7 });
    // @ts-expect-error the signal is an AbortSignal
    prep.getConnection("c1", { signal: new AbortController() });
  });
});
