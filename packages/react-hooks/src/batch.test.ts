// @vitest-environment node
import { QueryClient } from "@tanstack/react-query";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import { NotFoundError, PrepError } from "@wdata-prep/fetch";
import { describe, expect, test } from "vitest";
import { clientFor, mockServerPerFile, seededEnding, workbook } from "../test/harness.tsx";
import { refreshBatchStatusQueryOptions, toRefreshBatchStatus } from "./batch.ts";
import { forClient, prepKeys } from "./keys.ts";

// Every run is finished on its first status read.
const mockServer = mockServerPerFile({ runDurationMs: 0 });

/** Two seeded connections of one workbook: one that completes, one whose source fails. */
const complete = seededEnding("complete", workbook.destinationId).connectionId;
const failing = seededEnding("source-error", workbook.destinationId).connectionId;

describe("refreshBatchStatusQueryOptions, on a server with no React", () => {
  test("carry the batch's key, polling every 2 s by default, and no retries of their own", () => {
    const client = clientFor(mockServer().url);
    const options = refreshBatchStatusQueryOptions(client, "b1", { workspaceId: "w1" });
    expect(options.queryKey).toEqual(forClient(prepKeys.refreshBatchStatus("b1"), client));
    expect(options.retry).toBe(false);
    const going = {
      state: { data: toRefreshBatchStatus({ sourceStatus: "running" }), error: null },
    };
    expect((options.refetchInterval as (query: unknown) => number | false)(going)).toBe(2_000);
    expect(() => refreshBatchStatusQueryOptions(client, "b1", { pollIntervalMs: 0 })).toThrow(
      PrepError,
    );
  });

  test("a batch that failed resolves as data, with each child's outcome", async () => {
    const client = clientFor(mockServer().url);
    const batch = await client.refreshBatch([
      { connectionId: complete },
      { connectionId: failing },
    ]);
    const status = await new QueryClient().fetchQuery(
      refreshBatchStatusQueryOptions(client, batch.batchRefreshId as string),
    );
    expect(status.outcome).toBe("error");
    expect(status.batch.batchRefreshId).toBe(batch.batchRefreshId);
    expect(status.children.map(({ run, outcome }) => [run.connectionId, outcome])).toEqual([
      [complete, "complete"],
      [failing, "error"],
    ]);
  });

  test("an unknown batch rejects with the client's error class after one request", async () => {
    const options = refreshBatchStatusQueryOptions(clientFor(mockServer().url), "no-such-batch");
    await rejectsWith(new QueryClient().fetchQuery(options), NotFoundError);
    expect(mockServer().requests).toHaveLength(1);
  });
});

describe("toRefreshBatchStatus", () => {
  test("gives the batch's outcome and each child's by the client's rule", () => {
    expect(
      toRefreshBatchStatus({ sourceStatus: "running", destinationStatus: "not_started" }),
    ).toEqual({
      batch: { sourceStatus: "running", destinationStatus: "not_started" },
      outcome: undefined,
      children: [],
    });
    const status = toRefreshBatchStatus({
      sourceStatus: "complete",
      destinationStatus: "complete",
      childRefreshes: [
        { sourceStatus: "complete", destinationStatus: "complete" },
        { sourceStatus: "complete", destinationStatus: "running" },
      ],
    });
    expect(status.outcome).toBe("complete");
    expect(status.children.map(({ outcome }) => outcome)).toEqual(["complete", undefined]);
  });
});
