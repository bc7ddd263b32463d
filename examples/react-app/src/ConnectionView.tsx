import type { Connection, RecordType } from "@wdata-prep/core";
import { useConnection } from "@wdata-prep/react-hooks";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { KeyValues } from "./KeyValues.tsx";
import { LocalDate } from "./LocalDate.tsx";
import { RefreshPanel } from "./RefreshPanel.tsx";
import { RunBadges } from "./RunStatus.tsx";
import { readableType } from "./recordTypes.ts";

function Endpoint(props: {
  label: string;
  type: RecordType | undefined;
  id: string | undefined;
  workspaceId: string | undefined;
}) {
  return (
    <div className="endpoint">
      <h3>{props.label}</h3>
      <p className="record-type">{readableType(props.type)}</p>
      <p>
        ID <code>{props.id ?? "—"}</code>
      </p>
      <p>
        Workspace <code>{props.workspaceId ?? "—"}</code>
      </p>
    </div>
  );
}

function LastRun({ connection }: { connection: Connection }) {
  const run = connection.lastRun;
  if (!run) return <p className="hint">This connection has never run.</p>;
  return (
    <>
      <p>
        <RunBadges run={run} />
      </p>
      {run.error && (
        <p className="run-error" role="note">
          {run.error}
        </p>
      )}
      <dl className="facts">
        <dt>Started</dt>
        <dd>
          <LocalDate value={run.created ?? connection.lastRunDate} />
        </dd>
        <dt>Updated</dt>
        <dd>
          <LocalDate value={run.updated} />
        </dd>
        <dt>Job</dt>
        <dd>
          <code>{run.jobId ?? connection.lastRunJobId ?? "—"}</code>
        </dd>
        <dt>Run by</dt>
        <dd>
          <code>{run.createdBy ?? connection.lastRunBy ?? "—"}</code>
        </dd>
      </dl>
      <KeyValues
        title="Source parameters"
        values={run.sourceParameters ?? connection.lastRunSourceParameters}
      />
      <KeyValues
        title="Destination parameters"
        values={run.destinationParameters ?? connection.lastRunDestinationParameters}
      />
      <KeyValues title="Source metadata" values={run.sourceMetadata} />
      <KeyValues title="Destination metadata" values={run.destinationMetadata} />
    </>
  );
}

/**
 * Everything the API tells about one connection, with loading and error states, and its Refresh
 * button with the run `jobId` it started.
 */
export function ConnectionView({
  connectionId,
  workspaceId,
  jobId,
}: {
  connectionId: string;
  workspaceId: string | undefined;
  jobId: string | undefined;
}) {
  const { data, error, isPending, isFetching, refetch } = useConnection(connectionId, {
    workspaceId,
  });
  if (error) {
    const notFound = {
      title: "Connection not found",
      lines: [`No connection has the ID “${connectionId}” (in this workspace, if you gave one).`],
    };
    return <ErrorMessage error={error} notFound={notFound} onRetry={() => refetch()} />;
  }
  if (isPending) {
    return (
      <p role="status" className="loading">
        Loading connection…
      </p>
    );
  }
  return (
    <article aria-busy={isFetching} className="connection">
      <h2>{data.name ?? "Unnamed connection"}</h2>
      {data.description && <p className="description">{data.description}</p>}
      <div className="flow">
        <Endpoint
          label="Source"
          type={data.sourceType}
          id={data.sourceId}
          workspaceId={data.sourceWorkspaceId}
        />
        <span className="arrow" aria-hidden="true">
          →
        </span>
        <Endpoint
          label="Destination"
          type={data.destinationType}
          id={data.destinationId}
          workspaceId={data.destinationWorkspaceId}
        />
      </div>
      <dl className="facts">
        <dt>Connection ID</dt>
        <dd>
          <code>{data.connectionId ?? connectionId}</code>
        </dd>
        <dt>Workspace</dt>
        <dd>
          <code>{data.workspaceId ?? "—"}</code>
        </dd>
        <dt>Created</dt>
        <dd>
          <LocalDate value={data.created} />
        </dd>
        <dt>Updated</dt>
        <dd>
          <LocalDate value={data.updated} />
        </dd>
      </dl>
      <RefreshPanel connectionId={connectionId} workspaceId={workspaceId} jobId={jobId} />
      <section aria-label="Last run">
        <h3>Last run</h3>
        <LastRun connection={data} />
      </section>
      <KeyValues title="Metadata" values={data.metadata} />
    </article>
  );
}
