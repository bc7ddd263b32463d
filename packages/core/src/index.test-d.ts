import { describe, expectTypeOf, test } from "vitest";
import type {
  Connection,
  ConnectionResponse,
  ConnectionRun,
  ErrorDetail,
  ErrorResponse,
  paths,
  RecordType,
  Region,
  RunStatus,
} from "./index.ts";
import { PREP_SERVERS } from "./index.ts";

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
});
