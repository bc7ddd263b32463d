import type { ConnectionRun, RefreshBatch } from "@wdata-prep/core";
import { describe, expect, test } from "vitest";
import { runOutcome } from "./outcome.ts";

/** A run with these statuses of its source and destination sides. */
const run = (sourceStatus?: string, destinationStatus?: string, error?: string): ConnectionRun =>
  ({ jobId: "j1", sourceStatus, destinationStatus, error }) as ConnectionRun;

describe("runOutcome", () => {
  test.each([
    ["complete", "complete", "complete"],
    ["complete", "error", "error"],
    ["error", "complete", "error"],
    ["error", "error", "error"],
    ["error", "not_started", "error"],
    ["not_started", "error", "error"],
    ["error", "cancelled", "error"],
    ["cancelled", "cancelled", "cancelled"],
    ["cancelled", "not_started", "cancelled"],
    ["complete", "cancelled", "cancelled"],
    ["cancelled", "complete", "cancelled"],
  ])("%s / %s is finished: %s", (source, destination, outcome) => {
    expect(runOutcome(run(source, destination))).toBe(outcome);
  });

  test.each([
    ["not_started", "not_started"],
    ["running", "not_started"],
    ["complete", "running"],
    ["complete", "not_started"],
    ["running", "running"],
    // One side failed while the other still runs: not finished yet.
    ["error", "running"],
    ["running", "cancelled"],
  ])("%s / %s is still going", (source, destination) => {
    expect(runOutcome(run(source, destination))).toBeUndefined();
  });

  test.each([
    ["queued", "not_started"],
    ["finished", "finished"],
    ["complete", "done"],
    // The other side's status is unknown: it is not known not to run.
    ["error", "paused"],
    ["paused", "cancelled"],
    [undefined, undefined],
    ["complete", undefined],
    ["error", undefined],
  ])("a status it does not know, or none (%s / %s), is still going", (source, destination) => {
    expect(runOutcome(run(source, destination))).toBeUndefined();
  });

  test("a run that carries an error is finished in error, whatever its sides", () => {
    expect(runOutcome(run("running", "not_started", "Could not start the job"))).toBe("error");
    expect(runOutcome(run("complete", "complete", "Late failure"))).toBe("error");
    expect(runOutcome(run(undefined, undefined, "Could not start the job"))).toBe("error");
    expect(runOutcome(run("queued", "queued", "x"))).toBe("error");
  });

  test("an empty error is no error", () => {
    expect(runOutcome(run("complete", "complete", ""))).toBe("complete");
    expect(runOutcome(run("running", "running", ""))).toBeUndefined();
  });

  test("a batch follows the same rule on its own statuses, whatever its children's", () => {
    const child = run("running", "not_started");
    const batch = (source: string, destination: string, error?: string): RefreshBatch =>
      ({
        batchRefreshId: "b1",
        sourceStatus: source,
        destinationStatus: destination,
        error,
        childRefreshes: [child],
      }) as RefreshBatch;

    expect(runOutcome(batch("complete", "complete"))).toBe("complete");
    expect(runOutcome(batch("error", "error", "1 of 3 runs failed"))).toBe("error");
    expect(runOutcome(batch("cancelled", "cancelled"))).toBe("cancelled");
    expect(runOutcome(batch("running", "not_started"))).toBeUndefined();
  });
});
