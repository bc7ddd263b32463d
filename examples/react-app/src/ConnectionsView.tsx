import type { Connection } from "@wdata-prep/core";
import { type ConnectionsQuery, useConnections } from "@wdata-prep/react-hooks";
import { useLayoutEffect, useRef, useState } from "react";
import { BatchBar } from "./BatchView.tsx";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { FilterForm, listQuery } from "./FilterForm.tsx";
import { countConnections } from "./format.ts";
import { LocalDate } from "./LocalDate.tsx";
import { RunBadges } from "./RunStatus.tsx";
import { readableType } from "./recordTypes.ts";
import { type ListFilters, RouteLink } from "./route.tsx";

/** How many connections a page of the list holds: a few pages of the seeded ones. */
const PAGE_SIZE = 15;

/** The last run of a row: its badges and when it started, or that it never ran. */
function LastRunSummary({ connection }: { connection: Connection }) {
  const run = connection.lastRun;
  if (!run) return <span className="hint">Never run</span>;
  return (
    <>
      <RunBadges run={run} />{" "}
      <span className="run-date">
        <LocalDate value={run.created ?? connection.lastRunDate} />
      </span>
    </>
  );
}

function ConnectionRow({
  connection,
  selected,
  onToggle,
}: {
  connection: Connection;
  selected: boolean;
  onToggle: () => void;
}) {
  const name = connection.name ?? "Unnamed connection";
  const id = connection.connectionId;
  return (
    <tr className={selected ? "selected" : undefined}>
      <td className="select">
        <input
          type="checkbox"
          aria-label={`Select ${name}`}
          checked={selected}
          disabled={!id}
          onChange={onToggle}
        />
      </td>
      <th scope="row" tabIndex={-1}>
        {id ? <RouteLink to={{ view: "connection", connectionId: id }}>{name}</RouteLink> : name}
      </th>
      <td className="flow-types">
        {readableType(connection.sourceType)} → {readableType(connection.destinationType)}
      </td>
      <td>
        <LastRunSummary connection={connection} />
      </td>
    </tr>
  );
}

/** The connections of one query, page after page, and the ones selected for a batch. */
function ConnectionList({ query }: { query: ConnectionsQuery }) {
  const {
    data,
    error,
    fetchNextPage,
    hasNextPage,
    isFetchingNextPage,
    isFetchNextPageError,
    refetch,
  } = useConnections(query);
  // By connection ID, in the order they were selected: the order of the batch's items.
  const [selected, setSelected] = useState<ReadonlyMap<string, Connection>>(new Map());
  const toggle = (connection: Connection) => {
    const id = connection.connectionId;
    if (!id) return;
    setSelected((before) => {
      const after = new Map(before);
      if (!after.delete(id)) after.set(id, connection);
      return after;
    });
  };
  // How many rows were shown when "Load more" was pressed, until its page has arrived. When that
  // page is the last, the button goes; the focus it had moves to the first row the page added
  // instead of falling to the page's body (unless the person has moved it meanwhile).
  const rowsBeforeLoad = useRef<number | undefined>(undefined);
  const rows = useRef<HTMLTableSectionElement>(null);
  useLayoutEffect(() => {
    const before = rowsBeforeLoad.current;
    if (before === undefined || isFetchingNextPage) return;
    rowsBeforeLoad.current = undefined;
    const focusLost = document.activeElement === null || document.activeElement === document.body;
    if (!hasNextPage && focusLost) rows.current?.rows[before]?.querySelector("th")?.focus();
  }, [hasNextPage, isFetchingNextPage]);
  if (data === undefined) {
    return error ? (
      <ErrorMessage error={error} level={3} onRetry={() => refetch()} />
    ) : (
      <p role="status" className="loading">
        Loading connections…
      </p>
    );
  }
  const connections = data.pages.flatMap((page) => page.items);
  if (connections.length === 0) {
    return <p className="hint">No connection matches these filters.</p>;
  }
  // Not `disabled`, which would drop the keyboard focus: a press while loading does nothing.
  const loadMore = () => {
    if (isFetchingNextPage) return;
    rowsBeforeLoad.current = connections.length;
    void fetchNextPage();
  };
  // An error is the next page's when asking for it failed, else the list's, read again whole.
  const retry = () => void (isFetchNextPageError ? fetchNextPage() : refetch());
  return (
    <>
      <BatchBar selected={[...selected.values()]} onClear={() => setSelected(new Map())} />
      <table className="connection-list">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Selected</span>
            </th>
            <th scope="col">Name</th>
            <th scope="col">Source → destination</th>
            <th scope="col">Last run</th>
          </tr>
        </thead>
        <tbody ref={rows}>
          {connections.map((connection, index) => (
            <ConnectionRow
              key={connection.connectionId ?? index}
              connection={connection}
              selected={selected.has(connection.connectionId ?? "")}
              onToggle={() => toggle(connection)}
            />
          ))}
        </tbody>
      </table>
      {error && <ErrorMessage error={error} level={3} onRetry={retry} />}
      <div className="list-footer">
        <p role="status">
          {hasNextPage
            ? `Showing ${countConnections(connections.length)}; there are more.`
            : `${connections.length === 1 ? "" : "All "}${countConnections(connections.length)} shown.`}
        </p>
        {hasNextPage && (
          <button type="button" onClick={loadMore} aria-disabled={isFetchingNextPage}>
            {isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        )}
      </div>
    </>
  );
}

/** The list of connections with the filters of the URL, `PAGE_SIZE` at a time. */
export function ConnectionsView({ filters }: { filters: ListFilters }) {
  const checked = listQuery(filters);
  return (
    <section aria-labelledby="connections-heading" className="panel">
      <h2 id="connections-heading">Connections</h2>
      <FilterForm filters={filters} />
      {checked.problem === undefined && (
        <ConnectionList query={{ ...checked.query, limit: PAGE_SIZE }} />
      )}
    </section>
  );
}
