import type { Connection } from "@wdata-prep/core";
import type { ListConnectionsParams, RefreshManyProgress } from "@wdata-prep/fetch";
import { CliError, CliUsageError, ExitCode, exitCodeOfResults } from "./exit.ts";
import { type Column, count, formatTable, formatTabSeparated } from "./format.ts";
import { type CommandContext, errorJson, type Known, type Report } from "./run.ts";

// `wdata-prep refresh`: refreshes the connections given by ID, or every connection writing into
// a destination, with `prep.refreshMany` (batches by destination, one poll loop within the
// request budget), and reports each one's result with the exit code of them all.

/** The flags of `refresh`. */
export interface RefreshFlags {
  /** `--wait`: wait for every run to finish. */
  wait?: boolean;
  /** `--deadline`: how long to wait for all of them, in milliseconds. */
  deadline?: number;
  /** `--cancel-unwritables`: `refreshMany`'s `cancelUnwritables`. */
  cancelUnwritables?: boolean;
  destinationId?: string;
  destinationType?: string;
}

/**
 * What `refresh` refreshes: the connections given by ID, or (with `--destination-id`) those
 * writing into that destination. Throws a `CliUsageError` for both, for neither, and for a
 * destination type without its ID.
 */
export function refreshTarget(
  connectionIds: readonly string[],
  { destinationId, destinationType }: RefreshFlags,
): { connectionIds: readonly string[] } | { destination: ListConnectionsParams } {
  if (destinationType !== undefined && destinationId === undefined) {
    throw new CliUsageError(
      "--destination-type needs --destination-id: the API filters by both together.",
    );
  }
  if (destinationId === undefined) {
    if (connectionIds.length === 0) {
      throw new CliUsageError(
        "Give the IDs of the connections to refresh, or --destination-id to refresh every connection writing into a destination.",
      );
    }
    return { connectionIds };
  }
  if (connectionIds.length > 0) {
    throw new CliUsageError("Give connection IDs or --destination-id, not both.");
  }
  return { destination: { destinationType, destinationId } as ListConnectionsParams };
}

/**
 * Refreshes the connections of `target`, waiting for their runs with `--wait`: for a person a
 * line per connection, or with `--json`, `{ results }` (one per connection, in order; see
 * `resultJson`). Exits by how they ended (`exitCodeOfResults`).
 */
export async function refresh(
  target: ReturnType<typeof refreshTarget>,
  { wait = false, deadline, cancelUnwritables }: RefreshFlags,
  { prep, signal, progress, terminalWidth, setKnown }: CommandContext,
): Promise<Report> {
  const connections: (string | Connection)[] =
    "connectionIds" in target ? [...target.connectionIds] : [];
  if ("destination" in target) {
    const { destinationId, destinationType } = target.destination;
    const destination = `${destinationType ?? "destination"} ${destinationId}`;
    progress.set("list", `Listing the connections writing into ${destination}…`);
    for await (const page of prep.listConnections(target.destination, { signal }).pages()) {
      connections.push(...page.items);
      const listed = `${count(connections.length, "connection")} writing into ${destination}`;
      progress.set("list", `Found ${listed}${page.hasNextPage() ? "…" : ""}`);
      setKnown(() => ({
        json: { results: [] },
        text: "",
        summary: `${listed} found, none refreshed`,
      }));
    }
    if (connections.length === 0) {
      throw new CliError(`No connection writes into ${destination}.`, ExitCode.notFound);
    }
  }
  const ids = connections.map((c) => (typeof c === "string" ? c : (c.connectionId as string)));
  const states = new Map<string, RefreshManyProgress>();
  setKnown(() => known(ids, states, terminalWidth));
  progress.set("refresh", `Refreshing ${count(new Set(ids).size, "connection")}…`);
  const results = await prep.refreshMany(connections, {
    wait,
    deadlineMs: deadline,
    cancelUnwritables,
    signal,
    onProgress: (state) => {
      states.set(state.connectionId, state);
      progress.set(state.connectionId, describe(state));
    },
  });
  return {
    json: { results: results.map(resultJson) },
    text: resultsText(results, terminalWidth),
    exitCode: exitCodeOfResults(results),
  };
}

/**
 * What is known when Ctrl-C stops `refresh`: each connection's state so far, `outcome` `null`
 * for one still being looked up, started or run.
 */
function known(
  ids: readonly string[],
  states: ReadonlyMap<string, RefreshManyProgress>,
  terminalWidth: number | undefined,
): Known {
  const results = ids.map((id) => states.get(id) ?? { connectionId: id, outcome: undefined });
  const ended = results.filter((r) => r.outcome !== undefined && r.run).length;
  const going = results.filter((r) => r.outcome === undefined && r.run).length;
  return {
    json: { results: results.map(resultJson) },
    text: resultsText(results, terminalWidth),
    summary: `${count(ended, "run")} ended, ${count(going, "run")} still going; runs keep going on the server`,
  };
}

/**
 * A result in the JSON document: the client's, `outcome` `null` while unknown, and its `error`
 * as `{ name, message, status, requestId }`.
 */
function resultJson({ connectionId, outcome, run, batchId, error }: RefreshManyProgress) {
  return {
    connectionId,
    outcome: outcome ?? null,
    ...(run && { run }),
    ...(batchId !== undefined && { batchId }),
    ...(error && { error: errorJson(error) }),
  };
}

/** A connection's state for a person, in a few words: started runs not followed say so. */
function outcomeLabel({ outcome, run, error }: RefreshManyProgress): string {
  if (outcome === undefined) return run ? "in progress" : "waiting";
  if (outcome === "not_started") return run && !error ? "started" : "not started";
  return outcome === "timed_out" ? "timed out" : outcome;
}

/** A line of progress: the connection, how it stands, where its run is, and why it failed. */
function describe(state: RefreshManyProgress): string {
  const { connectionId, outcome, run, batchId, error } = state;
  const sides =
    outcome === undefined && run
      ? ` (source ${run.sourceStatus ?? "?"}, destination ${run.destinationStatus ?? "?"})`
      : "";
  const where =
    batchId !== undefined ? `, batch ${batchId}` : run?.jobId ? `, job ${run.jobId}` : "";
  const why = error?.message ?? run?.error;
  return `${connectionId}: ${outcomeLabel(state)}${sides}${where}${why ? `: ${why}` : ""}`;
}

/** The columns of the results table. */
const resultColumns: Column[] = [
  { header: "Connection", shrinks: false },
  { header: "Outcome", shrinks: false },
  { header: "Job", shrinks: false },
  { header: "Batch", shrinks: false },
  { header: "Error", shrinks: true },
];

/**
 * The results for a person: on a terminal a table that fits its width, else a line of
 * tab-separated values per connection (connection, outcome, job, batch, error).
 */
function resultsText(
  results: readonly RefreshManyProgress[],
  terminalWidth: number | undefined,
): string {
  const rows = results.map((result) => [
    result.connectionId,
    outcomeLabel(result),
    result.run?.jobId ?? "",
    result.batchId ?? "",
    result.error?.message ?? result.run?.error ?? "",
  ]);
  if (terminalWidth === undefined) return formatTabSeparated(rows);
  return formatTable(resultColumns, rows, terminalWidth);
}
