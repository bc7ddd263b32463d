// A run's status as a person reads it: a badge per side. Shared by the list and the connection
// view.
import type { ConnectionRun, RefreshBatch, RunStatus } from "@wdata-prep/core";

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
