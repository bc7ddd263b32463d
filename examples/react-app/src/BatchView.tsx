import type { Connection, RefreshBatch } from "@wdata-prep/core";
import { PrepApiError } from "@wdata-prep/fetch";
import {
  type RefreshStatus,
  useConnection,
  useRefreshBatch,
  useRefreshBatchStatus,
} from "@wdata-prep/react-hooks";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { countConnections } from "./format.ts";
import { LocalDate } from "./LocalDate.tsx";
import {
  batchStatusText,
  POLL_INTERVAL_MS,
  RunBadges,
  RunSteps,
  runStatusText,
} from "./RunStatus.tsx";
import { navigate, RouteLink } from "./route.tsx";

/** The index of each batch item an error's details name (`[1].connectionId` names item 1). */
function itemsAtFault(error: PrepApiError): number[] {
  const indexes = (error.details ?? []).map(
    (detail) => /^\[(\d+)\]/.exec(detail.target ?? "")?.[1],
  );
  return [...new Set(indexes.filter((index) => index !== undefined).map(Number))];
}

/** The first selected connection into each destination, by destination ID ("" for none). */
function byDestination(connections: Connection[]): Map<string, Connection> {
  const destinations = new Map<string, Connection>();
  for (const connection of connections) {
    const key = connection.destinationId ?? "";
    if (!destinations.has(key)) destinations.set(key, connection);
  }
  return destinations;
}

/**
 * The list's selection and its **Refresh selected** button: starts one batch of the selected
 * connections and shows it. A batch writes into one destination, so a selection into several
 * gets links that list one destination only; a batch the API refuses shows its messages, and the
 * names of the items they are about.
 */
export function BatchBar({ selected, onClear }: { selected: Connection[]; onClear: () => void }) {
  const refresh = useRefreshBatch();
  const destinations = byDestination(selected);
  const busy = selected.length === 0 || refresh.isPending;
  // The batch is shown from `mutate`'s own `onSuccess`, which is skipped once the list is gone:
  // a person who has moved on to another view stays there.
  const showBatch = (batch: RefreshBatch) => {
    if (batch.batchRefreshId) navigate({ view: "batch", batchId: batch.batchRefreshId });
  };
  // Not `disabled`, which would drop the keyboard focus: a click while busy does nothing.
  const start = () => {
    if (busy) return;
    const items = selected.map((connection) => ({ connectionId: connection.connectionId ?? "" }));
    refresh.mutate({ items }, { onSuccess: showBatch });
  };
  const sent = refresh.variables?.items ?? [];
  const nameOf = (connectionId: string) =>
    selected.find((c) => c.connectionId === connectionId)?.name ?? connectionId;
  const atFault = refresh.error instanceof PrepApiError ? itemsAtFault(refresh.error) : [];
  return (
    <section aria-label="Batch refresh" className="batch-bar">
      <p>
        {selected.length === 0
          ? "Select connections that write into one destination to refresh them as a batch."
          : `${countConnections(selected.length)} selected.`}
      </p>
      {destinations.size > 1 && (
        <div className="hint">
          A batch refreshes connections that write into one destination; these write into{" "}
          {destinations.size}. List only the connections into:
          <ul>
            {[...destinations]
              .filter(([destinationId]) => destinationId !== "")
              .map(([destinationId, connection]) => (
                <li key={destinationId}>
                  <RouteLink to={{ view: "connections", filters: { destinationId } }}>
                    Only the destination of {connection.name ?? connection.connectionId}
                  </RouteLink>
                </li>
              ))}
          </ul>
        </div>
      )}
      <div className="batch-actions">
        <button type="button" onClick={start} aria-disabled={busy}>
          Refresh selected
        </button>
        {selected.length > 0 && (
          <button type="button" className="secondary" onClick={onClear}>
            Clear selection
          </button>
        )}
      </div>
      {refresh.error && (
        <ErrorMessage error={refresh.error} level={3} refused="The API refused the batch">
          {atFault.length > 0 && (
            <>
              <p>The items it names:</p>
              <ul className="batch-items">
                {atFault.map((index) => {
                  const connectionId = sent[index]?.connectionId ?? "";
                  return (
                    <li key={index}>
                      <code>[{index}]</code> {nameOf(connectionId)}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </ErrorMessage>
      )}
    </section>
  );
}

/** One connection of a batch: its name (from its details) and its run as the batch last read. */
function BatchChild({ child: { run, outcome } }: { child: RefreshStatus }) {
  const { data } = useConnection(run.connectionId);
  const name = data?.name ?? run.connectionId ?? "Unknown connection";
  return (
    <tr>
      <th scope="row">
        {run.connectionId ? (
          <RouteLink to={{ view: "connection", connectionId: run.connectionId, jobId: run.jobId }}>
            {name}
          </RouteLink>
        ) : (
          name
        )}
      </th>
      <td>
        <RunBadges run={run} />
      </td>
      <td data-testid="run-status">{runStatusText(run, outcome)}</td>
    </tr>
  );
}

/** One batch, watched until it is finished: its own status and each connection's run. */
export function BatchView({ batchId }: { batchId: string }) {
  const { data, error, refetch } = useRefreshBatchStatus(batchId, {
    pollIntervalMs: POLL_INTERVAL_MS,
  });
  if (error) {
    const notFound = { title: "Batch not found", lines: [`The API knows no batch ${batchId}.`] };
    return <ErrorMessage error={error} notFound={notFound} onRetry={() => refetch()} />;
  }
  if (data === undefined) {
    return (
      <p role="status" className="loading">
        Loading batch…
      </p>
    );
  }
  const { batch, outcome, children } = data;
  return (
    <article aria-labelledby="batch-heading" className="panel batch">
      <h2 id="batch-heading">Batch refresh of {countConnections(children.length)}</h2>
      <p className="hint">
        Batch <code>{batchId}</code>, started <LocalDate value={batch.created} />
      </p>
      <div className={`outcome-${outcome ?? "going"}`}>
        <RunSteps run={batch} />
        <p role="status" className="run-status" data-testid="batch-status">
          {batchStatusText(batch, outcome)}
        </p>
      </div>
      <table className="connection-list">
        <thead>
          <tr>
            <th scope="col">Connection</th>
            <th scope="col">Progress</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {children.map((child, index) => (
            <BatchChild key={child.run.jobId ?? index} child={child} />
          ))}
        </tbody>
      </table>
      <p>
        <RouteLink to={{ view: "connections", filters: {} }}>Back to connections</RouteLink>
      </p>
    </article>
  );
}
