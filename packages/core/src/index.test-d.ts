import { describe, expectTypeOf, test } from "vitest";
import type * as core from "./index.ts";
import type {
  Connection,
  ConnectionPageResponse,
  ConnectionResponse,
  ConnectionRun,
  ConnectionRunResponse,
  ErrorDetail,
  ErrorResponse,
  ListConnectionsQuery,
  operations,
  paths,
  RecordType,
  RefreshBatch,
  RefreshBatchRequest,
  RefreshBatchResponse,
  RefreshConnection,
  Region,
  RunStatus,
} from "./index.ts";
import {
  DESTINATION_TYPE_FILTERS,
  type LIST_CONNECTIONS_LIMIT_MAX,
  PREP_SERVERS,
  SOURCE_TYPE_FILTERS,
  TERMINAL_RUN_STATUSES,
} from "./index.ts";
import * as internal from "./internal.ts";

/** The JSON body of an operation's 200 response. */
type Ok<Name extends keyof operations> = operations[Name]["responses"][200]["content"] extends {
  "application/json": infer Body;
}
  ? Body
  : never;
/** The JSON request body of an operation. */
type RequestBody<Name extends keyof operations> = NonNullable<
  operations[Name]["requestBody"]
>["content"]["application/json"];

describe("@wdata-prep/core types", () => {
  test("a realistic getConnection response satisfies ConnectionResponse", () => {
    const response = {
      body: {
        connectionId: "0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e",
        created: "2026-03-02T14:21:07Z",
        createdBy: "V0ZVc2VyHzU2NDYyODk1NDQ3MjE5MjA",
        description: "Monthly revenue by region",
        destinationId: "9b2e7d4a1c3f4e5a8b6c0d2e4f6a8b1c",
        destinationType: "spreadsheet_section",
        destinationWorkspaceId: "7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b",
        lastRun: {
          connectionId: "0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e",
          created: "2026-11-20T09:00:03Z",
          createdBy: "V0ZVc2VyHzU2NDYyODk1NDQ3MjE5MjA",
          destinationMetadata: { sheetName: "Revenue" },
          destinationParameters: { clearRange: true },
          destinationStatus: "complete",
          destinationWorkspaceId: "7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b",
          error: "",
          jobId: "4e8c2a6f0b1d4c3e9a7f5b2d8c6e0a14",
          sourceMetadata: {},
          sourceParameters: { fiscalPeriod: "2026-10" },
          sourceStatus: "complete",
          sourceWorkspaceId: "7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b",
          updated: "2026-11-20T09:00:41Z",
          workspaceId: "7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b",
        },
        lastRunBy: "V0ZVc2VyHzU2NDYyODk1NDQ3MjE5MjA",
        lastRunDate: "2026-11-20T09:00:03Z",
        lastRunDestinationParameters: { clearRange: true },
        lastRunJobId: "4e8c2a6f0b1d4c3e9a7f5b2d8c6e0a14",
        lastRunSourceParameters: { fiscalPeriod: "2026-10" },
        metadata: { owner: "FP&A" },
        name: "Revenue by region → Board deck",
        sourceId: "3c5e7a9b1d2f4a6c8e0f2b4d6a8c0e1f",
        sourceType: "wdata_query",
        sourceWorkspaceId: "7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b",
        updated: "2026-11-20T09:00:41Z",
        workspaceId: "7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b",
      },
      code: 200,
    } satisfies ConnectionResponse;
    expectTypeOf(response.body).toExtend<Connection>();
  });

  test("a wrong sourceType or an envelope without code is refused", () => {
    expectTypeOf<{ sourceType: "excel" }>().not.toExtend<Connection>();
    expectTypeOf<{ sourceType: "wdata_query" }>().toExtend<Connection>();
    expectTypeOf<{ body: Connection }>().not.toExtend<ConnectionResponse>();
    expectTypeOf<{ body: Connection; code: number }>().toExtend<ConnectionResponse>();
  });

  test("a wrong run status is refused", () => {
    expectTypeOf<{ sourceStatus: "done" }>().not.toExtend<ConnectionRun>();
    expectTypeOf<{ sourceStatus: "running" }>().toExtend<ConnectionRun>();
  });

  test("every Connection field is optional, because the API promises none", () => {
    expectTypeOf<Record<string, never>>().toExtend<Connection>();
    expectTypeOf<Connection["lastRun"]>().toEqualTypeOf<ConnectionRun | undefined>();
  });

  test("enums and aliases are the spec's", () => {
    expectTypeOf<RunStatus>().toEqualTypeOf<
      "not_started" | "running" | "complete" | "error" | "cancelled"
    >();
    expectTypeOf<"wdata_query">().toExtend<RecordType>();
    expectTypeOf<Region>().toEqualTypeOf<"us" | "eu" | "apac">();
    expectTypeOf(PREP_SERVERS.eu).toBeString();
    // @ts-expect-error only the spec's regions have a server
    PREP_SERVERS.mars;
  });

  test("error bodies are a SingleError or a MultiError", () => {
    expectTypeOf<{ body: "not found"; code: 404 }>().toExtend<ErrorResponse>();
    expectTypeOf<{ body: ["a", "b"]; code: 400 }>().toExtend<ErrorResponse>();
    expectTypeOf<{ code: 400 }>().not.toExtend<ErrorResponse>();
    expectTypeOf<{ code: "E1"; message: "m" }>().toExtend<ErrorDetail>();
    expectTypeOf<{ code: "E1" }>().not.toExtend<ErrorDetail>();
  });

  test("paths describe getConnection's parameters", () => {
    type Operation = paths["/api/v1/connections/{connectionId}"]["get"];
    expectTypeOf<Operation["parameters"]["path"]>().toEqualTypeOf<{ connectionId: string }>();
    expectTypeOf<Operation["parameters"]["query"]>().toEqualTypeOf<
      { workspaceId?: string } | undefined
    >();
  });

  test("each operation answers with its named envelope", () => {
    expectTypeOf<Ok<"listConnections">>().toEqualTypeOf<ConnectionPageResponse>();
    expectTypeOf<Ok<"getConnection">>().toEqualTypeOf<ConnectionResponse>();
    expectTypeOf<Ok<"refreshConnection">>().toEqualTypeOf<ConnectionRunResponse>();
    expectTypeOf<Ok<"getRefreshStatus">>().toEqualTypeOf<ConnectionRunResponse>();
    expectTypeOf<Ok<"refreshBatch">>().toEqualTypeOf<RefreshBatchResponse>();
    expectTypeOf<Ok<"getRefreshBatchStatus">>().toEqualTypeOf<RefreshBatchResponse>();
    expectTypeOf<ConnectionPageResponse["body"]>().toEqualTypeOf<Connection[]>();
    expectTypeOf<ConnectionRunResponse["body"]>().toEqualTypeOf<ConnectionRun>();
    expectTypeOf<RefreshBatchResponse["body"]>().toEqualTypeOf<RefreshBatch>();
    expectTypeOf<RefreshBatch["childRefreshes"]>().toEqualTypeOf<ConnectionRun[] | undefined>();
  });

  test("the two POSTs take a RefreshConnection and an array of them", () => {
    expectTypeOf<RequestBody<"refreshConnection">>().toEqualTypeOf<RefreshConnection>();
    expectTypeOf<RequestBody<"refreshBatch">>().toEqualTypeOf<RefreshBatchRequest>();
    expectTypeOf<RefreshBatchRequest>().toEqualTypeOf<RefreshConnection[]>();
    type Refresh = operations["refreshConnection"];
    expectTypeOf<Refresh["parameters"]["path"]>().toEqualTypeOf<{ connectionId: string }>();
    expectTypeOf<operations["refreshBatch"]["parameters"]["query"]>().toEqualTypeOf<
      { cancelUnwritables?: boolean } | undefined
    >();
  });

  test("a run's status is asked for by jobId, a batch's by its ID", () => {
    type Status = operations["getRefreshStatus"]["parameters"];
    expectTypeOf<Status["path"]>().toEqualTypeOf<{ connectionId: string }>();
    expectTypeOf<Status["query"]>().toEqualTypeOf<
      { jobId?: string; workspaceId?: string } | undefined
    >();
    type BatchStatus = paths["/api/v1/connections/batch/refresh/{batchId}"]["get"]["parameters"];
    expectTypeOf<BatchStatus["path"]>().toEqualTypeOf<{ batchId: string }>();
  });

  test("a page has connections, a code and a cursor that may be null or absent", () => {
    const firstPage = {
      body: [{ connectionId: "0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e", sourceType: "wdata_query" }],
      code: 200,
      cursor: "eyJhZnRlciI6IjZlOTZmYjE0YjUwNGE3MTc5Y2Q1YjU5ZTVmNmNiYmIxIn0",
    } satisfies ConnectionPageResponse;
    expectTypeOf(firstPage.body[0]).toExtend<Connection | undefined>();
    expectTypeOf<{ body: []; code: 200; cursor: null }>().toExtend<ConnectionPageResponse>();
    expectTypeOf<{ body: []; code: 200 }>().toExtend<ConnectionPageResponse>();
    expectTypeOf<{ body: []; code: 200; cursor: 2 }>().not.toExtend<ConnectionPageResponse>();
    expectTypeOf<{ body: Connection[] }>().not.toExtend<ConnectionPageResponse>();
    expectTypeOf<{ body: Connection; code: 200 }>().not.toExtend<ConnectionPageResponse>();
  });

  test("bad run bodies, runs and batches are refused", () => {
    expectTypeOf<{
      connectionId: "0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e";
      sourceParameters: { fiscalPeriod: "2026-11" };
      usePreviousDestinationParameters: true;
    }>().toExtend<RefreshConnection>();
    expectTypeOf<{ usePreviousSourceParameters: "yes" }>().not.toExtend<RefreshConnection>();
    expectTypeOf<{ sourceParameters: "fiscalPeriod=2026-11" }>().not.toExtend<RefreshConnection>();
    expectTypeOf<{ connectionId: 42 }>().not.toExtend<RefreshConnection>();
    expectTypeOf<{ connectionId: 42 }[]>().not.toExtend<RefreshBatchRequest>();
    expectTypeOf<{ body: ConnectionRun }>().not.toExtend<ConnectionRunResponse>();
    expectTypeOf<{ childRefreshes: { sourceStatus: "done" }[] }>().not.toExtend<RefreshBatch>();
    expectTypeOf<{ destinationStatus: "paused" }>().not.toExtend<RefreshBatch>();
    expectTypeOf<{ body: { batchRefreshId: 7 }; code: 200 }>().not.toExtend<RefreshBatchResponse>();
  });

  test("ListConnectionsQuery takes the documented filters and refuses bad ones", () => {
    expectTypeOf<{
      sourceType: "esg_program";
      sourceId: "d3bd15ec5c7bbbd5be45f69cb2ecc8c8";
      limit: typeof LIST_CONNECTIONS_LIMIT_MAX;
      offset: 0;
    }>().toExtend<ListConnectionsQuery>();
    expectTypeOf<{ cursor: "eyJhZnRlciI6IjEifQ" }>().toExtend<ListConnectionsQuery>();
    expectTypeOf<{ limit: "10" }>().not.toExtend<ListConnectionsQuery>();
    expectTypeOf<{ offset: "0" }>().not.toExtend<ListConnectionsQuery>();
    expectTypeOf<{ sourceType: "excel" }>().not.toExtend<ListConnectionsQuery>();
    // RecordType values the API does not filter by.
    expectTypeOf<{ sourceType: "chart_visual" }>().not.toExtend<ListConnectionsQuery>();
    expectTypeOf<{ sourceType: "wdata_shared_query" }>().not.toExtend<ListConnectionsQuery>();
    expectTypeOf<{ destinationType: "esg_program" }>().not.toExtend<ListConnectionsQuery>();
    expectTypeOf<{ destinationType: "unknown_record_type" }>().not.toExtend<ListConnectionsQuery>();
    expectTypeOf<NonNullable<ListConnectionsQuery["sourceType"]>>().toExtend<RecordType>();
    expectTypeOf<NonNullable<ListConnectionsQuery["destinationType"]>>().toExtend<RecordType>();
  });

  test("SOURCE_TYPE_FILTERS and DESTINATION_TYPE_FILTERS hold every value of their filter's union, and nothing else", () => {
    type SourceTypeFilter = NonNullable<ListConnectionsQuery["sourceType"]>;
    type DestinationTypeFilter = NonNullable<ListConnectionsQuery["destinationType"]>;
    expectTypeOf<(typeof SOURCE_TYPE_FILTERS)[number]>().toEqualTypeOf<SourceTypeFilter>();
    expectTypeOf<
      (typeof DESTINATION_TYPE_FILTERS)[number]
    >().toEqualTypeOf<DestinationTypeFilter>();
    // Each reads as a list of its union, and takes any value of it.
    expectTypeOf(SOURCE_TYPE_FILTERS).toExtend<readonly SourceTypeFilter[]>();
    const chosen = "report" as DestinationTypeFilter;
    DESTINATION_TYPE_FILTERS.includes(chosen);
    // @ts-expect-error the lists are read-only
    SOURCE_TYPE_FILTERS.push("report");
  });

  test("TERMINAL_RUN_STATUSES takes any RunStatus read from a run, and is read-only", () => {
    const run: ConnectionRun = { sourceStatus: "running" };
    if (run.sourceStatus) TERMINAL_RUN_STATUSES.includes(run.sourceStatus);
    expectTypeOf(TERMINAL_RUN_STATUSES.includes).parameter(0).toEqualTypeOf<RunStatus>();
    // @ts-expect-error the list is read-only
    TERMINAL_RUN_STATUSES.push("complete");
  });
});

describe("user code keeps compiling when the API adds an enum value", () => {
  /** A later RunStatus, with a value this code has never seen. */
  type LaterRunStatus = RunStatus | "paused";
  type LaterConnectionRun = Omit<ConnectionRun, "sourceStatus"> & {
    readonly sourceStatus?: LaterRunStatus;
  };

  // What a user writes: read a run's status, handle the values it knows, keep a default
  // branch. `Status` stands for the generated union, today's or a later, wider one.
  function sourceLabel<Status extends string>(run: { readonly sourceStatus?: Status }): string {
    switch (run.sourceStatus) {
      case "complete":
        return "Done";
      case "error":
      case "cancelled":
        return "Stopped";
      case "not_started":
      case "running":
        return "In progress";
      default:
        return "Unknown";
    }
  }

  test("a switch with a default branch accepts today's union and a wider one", () => {
    expectTypeOf<"paused">().not.toExtend<RunStatus>();
    const today: ConnectionRun = { sourceStatus: "running" };
    const later: LaterConnectionRun = { sourceStatus: "paused" };
    expectTypeOf(sourceLabel(today)).toBeString();
    expectTypeOf(sourceLabel(later)).toBeString();
  });

  test("an exhaustive switch, which the SDK never writes, refuses the wider union", () => {
    function exhaustiveLabel(status: RunStatus): string {
      switch (status) {
        case "complete":
        case "error":
        case "cancelled":
          return "Finished";
        case "not_started":
        case "running":
          return "In progress";
        default: {
          const unknown: never = status;
          return unknown;
        }
      }
    }
    const later = "paused" as LaterRunStatus;
    // @ts-expect-error a status the API added later is not a RunStatus of today
    exhaustiveLabel(later);
  });
});

describe("the public surface of @wdata-prep/core", () => {
  test("holds the generated types and constants, not the rules its packages share", () => {
    expectTypeOf<typeof core>().toHaveProperty("PREP_SERVERS");
    expectTypeOf<typeof core>().not.toHaveProperty("BEARER_TOKEN_PATTERN");
    expectTypeOf<typeof core>().not.toHaveProperty("LOOPBACK_HOSTNAME_PATTERN");
    expectTypeOf<typeof core>().not.toHaveProperty("MAX_TIMER_MS");
    expectTypeOf(internal.MAX_TIMER_MS).toEqualTypeOf<number>();
    expectTypeOf(internal.BEARER_TOKEN_PATTERN).toEqualTypeOf<RegExp>();
  });

  test("one name, one thing: the page envelope is ConnectionPageResponse, as ConnectionResponse", () => {
    // @ts-expect-error the page of @wdata-prep/fetch is its ConnectionPage; core has none
    expectTypeOf<core.ConnectionPage>().toBeAny();
    expectTypeOf<Ok<"listConnections">>().toEqualTypeOf<ConnectionPageResponse>();
  });
});
