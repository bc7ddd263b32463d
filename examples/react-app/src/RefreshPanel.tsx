import type { ConnectionRun } from "@wdata-prep/core";
import type { PrepError } from "@wdata-prep/fetch";
import {
  type RefreshStatus,
  useRefreshConnection,
  useRefreshStatus,
} from "@wdata-prep/react-hooks";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { POLL_INTERVAL_MS, RunBadges, RunSteps, runStatusText } from "./RunStatus.tsx";
import { navigate } from "./route.tsx";

/** The run being watched, as the status query has it. */
function RunProgress({
  jobId,
  data,
  error,
  onRetry,
}: {
  jobId: string;
  data: RefreshStatus | undefined;
  error: PrepError | null;
  onRetry: () => void;
}) {
  if (error) {
    const notFound = {
      title: "Run not found",
      lines: [`The API knows no run ${jobId} of this connection.`],
    };
    return <ErrorMessage error={error} level={3} notFound={notFound} onRetry={onRetry} />;
  }
  if (data === undefined) {
    return (
      <p role="status" className="loading">
        Reading the run…
      </p>
    );
  }
  const { run, outcome } = data;
  return (
    <div className={`run-progress outcome-${outcome ?? "going"}`}>
      <RunSteps run={run} />
      <p role="status" className="run-status" data-testid="run-status">
        {runStatusText(run, outcome)}
      </p>
      <p>
        <RunBadges run={run} />
      </p>
      <p className="hint">
        Job <code>{jobId}</code>
      </p>
    </div>
  );
}

/**
 * The Refresh button of a connection and the run it started, watched until it is finished. The
 * run's `jobId` goes into the URL, so a reload keeps watching the same run. Once the run has
 * started and again once it is finished, the hooks invalidate the connection's details and every
 * list, so they show the new last run.
 */
export function RefreshPanel({
  connectionId,
  workspaceId,
  jobId,
}: {
  connectionId: string;
  workspaceId: string | undefined;
  jobId: string | undefined;
}) {
  const refresh = useRefreshConnection();
  const status = useRefreshStatus(connectionId, {
    jobId,
    workspaceId,
    pollIntervalMs: POLL_INTERVAL_MS,
  });
  const going = jobId !== undefined && status.data?.outcome === undefined && !status.error;
  // Not `disabled`, which would drop the keyboard focus: a click while busy does nothing.
  const busy = refresh.isPending || going;
  // The new run goes into the URL from `mutate`'s own `onSuccess`, which is skipped once this
  // panel is gone: a person who has moved on to another view stays there.
  const showRun = (run: ConnectionRun) => {
    if (!run.jobId) return;
    navigate(
      { view: "connection", connectionId, workspaceId, jobId: run.jobId },
      { replace: true },
    );
  };
  const start = () => {
    if (busy) return;
    refresh.mutate({ connectionId, body: { workspaceId } }, { onSuccess: showRun });
  };
  return (
    <section aria-labelledby="run-heading" className="run">
      <div className="run-head">
        <h3 id="run-heading">Run</h3>
        <button type="button" onClick={start} aria-disabled={busy}>
          Refresh
        </button>
        {!jobId && !refresh.isPending && (
          <span className="hint">Starts a run and shows it until its data has landed.</span>
        )}
      </div>
      {refresh.error && (
        <ErrorMessage error={refresh.error} level={3} refused="The API refused the run" />
      )}
      {jobId && (
        <RunProgress
          jobId={jobId}
          data={status.data}
          error={status.error}
          onRetry={() => status.refetch()}
        />
      )}
    </section>
  );
}
