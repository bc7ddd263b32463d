"use client";
// The component every React consumer renders (copied into each when it is set up): a
// connection's name read with useConnection, a Refresh button (useRefreshConnection), and the
// run it started, watched with useRefreshStatus until it reaches its end.
import { useConnection, useRefreshConnection, useRefreshStatus } from "@wdata-prep/react-hooks";

export function ConnectionCard({ connectionId }: { connectionId: string }) {
  const connection = useConnection(connectionId);
  const refresh = useRefreshConnection();
  const status = useRefreshStatus(connectionId, {
    jobId: refresh.data?.jobId,
    pollIntervalMs: 100,
  });
  const outcome = status.data?.outcome;
  let shown = refresh.data ? "Running" : "Not run";
  if (outcome === "complete") shown = "Complete";
  else if (outcome) shown = `Ended: ${outcome}`;
  return (
    <section>
      <h1>{connection.data?.name ?? connection.error?.message ?? "Loading"}</h1>
      <button
        type="button"
        disabled={refresh.isPending}
        onClick={() => refresh.mutate({ connectionId })}
      >
        Refresh
      </button>
      <p data-status="">{refresh.error?.message ?? status.error?.message ?? shown}</p>
    </section>
  );
}
