// The constants generated from the spec, against the values of Workiva's API reference, so that a
// change to the spec or the generator that moves one of them fails here.
import { describe, expect, test } from "vitest";
import {
  DESTINATION_TYPE_FILTERS,
  LIST_CONNECTIONS_LIMIT_DEFAULT,
  LIST_CONNECTIONS_LIMIT_MAX,
  LIST_CONNECTIONS_LIMIT_MIN,
  REFRESH_BATCH_MAX_ITEMS,
  REFRESH_BATCH_MIN_ITEMS,
  SOURCE_TYPE_FILTERS,
  TERMINAL_RUN_STATUSES,
  WORKSPACE_ID_MAX_LENGTH,
} from "./index.ts";

describe("constants generated from the spec", () => {
  test("the terminal run statuses are complete, error and cancelled", () => {
    expect(TERMINAL_RUN_STATUSES).toEqual(["complete", "error", "cancelled"]);
  });

  test("listConnections filters by every RecordType but three as a source, and but four as a destination", () => {
    const shared = [
      "spreadsheet",
      "spreadsheet_section",
      "presentation",
      "presentation_chart",
      "presentation_embedded_table",
      "document",
      "document_chart",
      "document_embedded_table",
      "wdata_query",
      "wdata_table",
      "wdata_table_dataset",
      "report",
    ];
    expect(SOURCE_TYPE_FILTERS).toEqual([...shared, "esg_program"]);
    expect(DESTINATION_TYPE_FILTERS).toEqual(shared);
  });

  test("listConnections takes a limit from 1 to 1000, 1000 when none is sent", () => {
    expect([LIST_CONNECTIONS_LIMIT_MIN, LIST_CONNECTIONS_LIMIT_MAX]).toEqual([1, 1000]);
    expect(LIST_CONNECTIONS_LIMIT_DEFAULT).toBe(1000);
  });

  test("refreshBatch runs 1 to 100 connections", () => {
    expect([REFRESH_BATCH_MIN_ITEMS, REFRESH_BATCH_MAX_ITEMS]).toEqual([1, 100]);
  });

  test("a workspaceId is at most 40 characters", () => {
    expect(WORKSPACE_ID_MAX_LENGTH).toBe(40);
  });
});
