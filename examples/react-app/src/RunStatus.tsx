// A run's status as a person reads it: a badge per side, one line of text, and the steps a run
// goes through. Shared by the list, the connection view and the batch view.
import type { ConnectionRun, RefreshBatch, RunStatus } from "@wdata-prep/core";
import { type RunOutcome, runOutcome } from "@wdata-prep/fetch";

/**
 * How often a run or a batch being watched is asked for again: often enough to show each phase
 * of a run that takes a second or two.
 */
export const POLL_INTERVAL_MS = 500;

const labels: Record<RunStatus, string> = {
  not_started: "Not started",
  running: "Running",
  complete: "Complete",
  error: "Error",
  cancelled: "Cancelled",
};

/** A run status as a coloured badge; "Unknown" when the API gave none or one this app does not know. */
export function StatusBadge({ side, status }: { side: string; status: RunStatus | undefined }) {
  const label = status === undefined ? undefined : labels[status];
  return (
    <span className={`badge badge-${label ? status : "unknown"}`} data-testid={`${side}-status`}>
      {side}: {label ?? "Unknown"}
    </span>
  );
}

/** The two sides of a run or a batch as badges. */
export function RunBadges({ run }: { run: ConnectionRun | RefreshBatch }) {
  return (
    <span className="badges">
      <StatusBadge side="Source" status={run.sourceStatus} />
      <StatusBadge side="Destination" status={run.destinationStatus} />
    </span>
  );
}

/** Whether a run that is still going has started: a side that is neither absent nor `not_started`. */
function hasStarted(run: ConnectionRun | RefreshBatch): boolean {
  return [run.sourceStatus, run.destinationStatus].some(
    (status) => status !== undefined && status !== "not_started",
  );
}

/**
 * A run in one line: "Not started" and "Running" while it goes, then "Complete",
 * "Source failed: …", "Destination failed: …" or "Cancelled", with the run's error when it has one.
 */
export function runStatusText(run: ConnectionRun, outcome = runOutcome(run)): string {
  const withError = (text: string) => (run.error ? `${text}: ${run.error}` : text);
  switch (outcome) {
    case "complete":
      return "Complete";
    case "cancelled":
      return withError("Cancelled");
    case "error":
      if (run.sourceStatus === "error") return withError("Source failed");
      if (run.destinationStatus === "error") return withError("Destination failed");
      return withError("Failed");
    default:
      return hasStarted(run) ? "Running" : "Not started";
  }
}

/**
 * A batch in one line: "Not started", "Running", then "Complete", "Finished with errors: …" or
 * "Cancelled".
 */
export function batchStatusText(batch: RefreshBatch, outcome = runOutcome(batch)): string {
  const withError = (text: string) => (batch.error ? `${text}: ${batch.error}` : text);
  switch (outcome) {
    case "complete":
      return "Complete";
    case "cancelled":
      return withError("Cancelled");
    case "error":
      return withError("Finished with errors");
    default:
      return hasStarted(batch) ? "Running" : "Not started";
  }
}

const outcomeLabels: Record<RunOutcome, string> = {
  complete: "Complete",
  error: "Failed",
  cancelled: "Cancelled",
};

/** The steps of a run — not started, running, finished — with the one it is at marked. */
export function RunSteps({ run }: { run: ConnectionRun | RefreshBatch }) {
  const outcome = runOutcome(run);
  const at = outcome ? 2 : hasStarted(run) ? 1 : 0;
  const steps = ["Not started", "Running", outcome ? outcomeLabels[outcome] : "Finished"];
  return (
    <ol className="steps" aria-label="Steps of the run">
      {steps.map((step, index) => (
        <li
          key={step}
          className={index < at ? "done" : index === at ? `current step-${outcome ?? "going"}` : ""}
          aria-current={index === at ? "step" : undefined}
        >
          {step}
        </li>
      ))}
    </ol>
  );
}
