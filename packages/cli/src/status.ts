import type { ConnectionRun, RefreshBatch } from "@wdata-prep/core";
import { runOutcome } from "@wdata-prep/fetch";
import { exitCodeOfResults } from "./exit.ts";
import { by, type Column, count, formatFields, formatTable, sanitize } from "./format.ts";
import type { CommandContext, Report } from "./run.ts";

// `wdata-prep status` and `wdata-prep batch-status`: one read of a run or a batch, reported
// with the exit code of how it ended (a run still going counts as 0, like a run not followed).

/**
 * Gets a run of a connection, the one with `job` or else the latest: for a person its statuses,
 * or with `--json`, `{ run, outcome }` (`outcome` `null` while it is still going).
 */
export async function getStatus(
  connectionId: string,
  { job }: { job?: string },
  { prep, signal, progress }: CommandContext,
): Promise<Report> {
  const which = job === undefined ? "the latest run" : `run ${job}`;
  progress.set("status", `Getting ${which} of connection ${connectionId}…`);
  const run = await prep.getRefreshStatus(connectionId, { jobId: job, signal });
  const outcome = runOutcome(run);
  return {
    json: { run, outcome: outcome ?? null },
    text: [
      sanitize(
        `Run ${run.jobId ?? "?"} of connection ${run.connectionId ?? connectionId}: ${outcomeLabel(run)}`,
      ),
      describeRun(run),
    ].join("\n"),
    exitCode: exitCodeOfResults([{ outcome }]),
  };
}

/**
 * Gets a batch: for a person its statuses and a line per run, or with `--json`,
 * `{ batch, outcome }` (`outcome` `null` while it is still going).
 */
export async function getBatchStatus(
  batchId: string,
  { prep, signal, progress, terminalWidth }: CommandContext,
): Promise<Report> {
  progress.set("batch", `Getting batch ${batchId}…`);
  const batch = await prep.getRefreshBatchStatus(batchId, { signal });
  const outcome = runOutcome(batch);
  const runs = batch.childRefreshes ?? [];
  return {
    json: { batch, outcome: outcome ?? null },
    text: [
      sanitize(
        `Batch ${batch.batchRefreshId ?? batchId}: ${outcomeLabel(batch)}, ${count(runs.length, "run")}`,
      ),
      describeRun(batch),
      ...(runs.length > 0
        ? ["", formatTable(runColumns, runs.map(runRow), terminalWidth ?? Number.POSITIVE_INFINITY)]
        : []),
    ].join("\n"),
    // The batch's own statuses and each run's: the API does not say how they relate.
    exitCode: exitCodeOfResults([batch, ...runs].map((run) => ({ outcome: runOutcome(run) }))),
  };
}

/** How a run or a batch ended, or "in progress" while it is still going. */
export function outcomeLabel(run: ConnectionRun | RefreshBatch): string {
  return runOutcome(run) ?? "in progress";
}

/** The statuses of a run or a batch, for a person. */
function describeRun(run: ConnectionRun | RefreshBatch): string {
  return formatFields([
    ["Source", run.sourceStatus],
    ["Destination", run.destinationStatus],
    ["Error", run.error],
    ["Created", by(run.created, run.createdBy)],
    ["Updated", run.updated],
  ]);
}

/** The columns of the runs of a batch. */
const runColumns: Column[] = [
  { header: "Connection", shrinks: false },
  { header: "Job", shrinks: false },
  { header: "Outcome", shrinks: false },
  { header: "Error", shrinks: true },
];

function runRow(run: ConnectionRun): string[] {
  return [run.connectionId ?? "?", run.jobId ?? "?", outcomeLabel(run), run.error ?? ""];
}
