import type { RunStatus } from "@wdata-prep/core";

const labels: Record<RunStatus, string> = {
  not_started: "Not started",
  running: "Running",
  complete: "Complete",
  error: "Error",
  cancelled: "Cancelled",
};

/** A run status as a coloured badge; "Unknown" when the API gave none. */
export function StatusBadge({ side, status }: { side: string; status: RunStatus | undefined }) {
  return (
    <span className={`badge badge-${status ?? "unknown"}`} data-testid={`${side}-status`}>
      {side}: {status ? labels[status] : "Unknown"}
    </span>
  );
}
