import type { Connection } from "@wdata-prep/core";
import type { ListConnectionsParams } from "@wdata-prep/fetch";
import { CliUsageError, ExitCode } from "./exit.ts";
import {
  by,
  type Column,
  count,
  formatFields,
  formatTable,
  formatTabSeparated,
  sanitize,
} from "./format.ts";
import type { CommandContext, Report } from "./run.ts";
import { outcomeLabel } from "./status.ts";

// `wdata-prep connections list` and `wdata-prep connections get`: finding connections, and
// what a person reads about them.

/** The flags of `connections list`. */
export interface ListFlags {
  sourceType?: string;
  sourceId?: string;
  destinationType?: string;
  destinationId?: string;
}

/**
 * The query of `connections list`. Throws a `CliUsageError` for a type without its ID, which
 * the API cannot filter by; the types themselves are the API's to check, as it may add some.
 */
export function listQuery(flags: ListFlags): ListConnectionsParams {
  const { sourceType, sourceId, destinationType, destinationId } = flags;
  if (sourceType !== undefined && sourceId === undefined) {
    throw new CliUsageError("--source-type needs --source-id: the API filters by both together.");
  }
  if (destinationType !== undefined && destinationId === undefined) {
    throw new CliUsageError(
      "--destination-type needs --destination-id: the API filters by both together.",
    );
  }
  return { sourceType, sourceId, destinationType, destinationId } as ListConnectionsParams;
}

/** The columns of the `connections list` table. */
const listColumns: Column[] = [
  { header: "Name", shrinks: true },
  { header: "ID", shrinks: false },
  { header: "Source → destination", shrinks: true },
  { header: "Last run", shrinks: false },
];

/**
 * Lists every connection that `query` matches, page after page: on a terminal as a table that
 * fits its width, else as lines of tab-separated values; with `--json`, `{ connections }`.
 */
export async function listConnections(
  query: ListConnectionsParams,
  { prep, signal, progress, terminalWidth, setKnown }: CommandContext,
): Promise<Report> {
  const connections: Connection[] = [];
  let pages = 0;
  const read = () => `${count(connections.length, "connection")} in ${count(pages, "page")}`;
  const text = () => {
    const rows = connections.map(listRow);
    if (terminalWidth === undefined) return formatTabSeparated(rows);
    return rows.length > 0 ? formatTable(listColumns, rows, terminalWidth) : "No connections.";
  };
  progress.set("list", "Listing connections…");
  for await (const page of prep.listConnections(query, { signal }).pages()) {
    pages += 1;
    connections.push(...page.items);
    progress.set("list", `Listed ${read()}${page.hasNextPage() ? "…" : ""}`);
    setKnown(() => ({ json: { connections }, text: text(), summary: `${read()} read` }));
  }
  return { json: { connections }, text: text(), exitCode: ExitCode.complete };
}

/** A connection as a row of the `connections list` table. */
function listRow(connection: Connection): string[] {
  const { name = "", connectionId = "", sourceType = "?", destinationType = "?" } = connection;
  return [name, connectionId, `${sourceType} → ${destinationType}`, lastRunLabel(connection)];
}

/** How the last run of a connection ended, in a word or two. */
function lastRunLabel({ lastRun }: Connection): string {
  return lastRun ? outcomeLabel(lastRun) : "never run";
}

/** Gets one connection: its details for a person, or with `--json`, `{ connection }`. */
export async function getConnection(
  connectionId: string,
  { workspaceId }: { workspaceId?: string },
  { prep, signal, progress }: CommandContext,
): Promise<Report> {
  progress.set("get", `Getting connection ${connectionId}…`);
  const connection = await prep.getConnection(connectionId, { workspaceId, signal });
  return {
    json: { connection },
    text: describeConnection(connection),
    exitCode: ExitCode.complete,
  };
}

/** A connection's details, for a person. */
function describeConnection(connection: Connection): string {
  const { lastRun } = connection;
  return [
    sanitize(connection.name ?? "(no name)"),
    formatFields([
      ["ID", connection.connectionId],
      ["Description", connection.description],
      ["Workspace", connection.workspaceId],
      ["Source", side(connection.sourceType, connection.sourceId, connection.sourceWorkspaceId)],
      [
        "Destination",
        side(
          connection.destinationType,
          connection.destinationId,
          connection.destinationWorkspaceId,
        ),
      ],
      ["Created", by(connection.created, connection.createdBy)],
      ["Updated", connection.updated],
      ["Last run", lastRun ? `${outcomeLabel(lastRun)}, job ${lastRun.jobId ?? "?"}` : "never"],
      ["Last run at", by(connection.lastRunDate ?? lastRun?.created, connection.lastRunBy)],
      ["Last error", lastRun?.error],
    ]),
  ].join("\n");
}

/** A source or destination: its type, its ID and its workspace. */
function side(type?: string, id?: string, workspaceId?: string): string | undefined {
  if (type === undefined && id === undefined) return undefined;
  return `${type ?? "?"} ${id ?? "?"}${workspaceId ? ` (workspace ${workspaceId})` : ""}`;
}
