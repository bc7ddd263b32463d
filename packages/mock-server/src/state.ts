// What one server holds: its connections, each with how its runs end and its latest run, and
// every run and batch it started. Made from the options at start, and made again by `reset()`.
import type { Connection, ConnectionRun, RefreshConnection } from "@wdata-prep/core";
import type { ResolvedApiOptions } from "./options.ts";
import {
  type Batch,
  isFinished,
  lastRunFields,
  type ResolvedOutcome,
  type Run,
  runAt,
  startRun,
  updatedAt,
} from "./runs.ts";

/** A served connection and what the server knows of its runs. */
export interface ServedConnection {
  /** The connection as given (the seed or the `connections` option), with its given last run. */
  readonly given: Connection & { connectionId: string };
  /** How its runs end. */
  readonly outcome: ResolvedOutcome;
  /** The latest run the server started, once it has started one; it is then the `lastRun`. */
  latest: Run | undefined;
}

/** The state of one server's API. */
export interface ApiState {
  /** The served connections by ID, in the order they are served. */
  readonly connections: ReadonlyMap<string, ServedConnection>;
  /** Every run the server started, by `jobId`. */
  readonly runs: Map<string, Run>;
  /** Every batch the server started, by `batchRefreshId`. */
  readonly batches: Map<string, Batch>;
}

/** A fresh state: the given connections, none of them run by the server yet. */
export function createApiState(options: ResolvedApiOptions): ApiState {
  const connections = new Map<string, ServedConnection>();
  for (const [connectionId, connection] of options.connections) {
    connections.set(connectionId, {
      given: { ...connection, connectionId },
      outcome: options.outcomes.get(connectionId) ?? { type: "complete" },
      latest: undefined,
    });
  }
  return { connections, runs: new Map(), batches: new Map() };
}

/**
 * The connection as the API shows it at `now`: as given until the server runs it, then with its
 * latest run as `lastRun`, the other `lastRun…` fields in step with it, and `updated` when that
 * run last changed.
 */
export function connectionAt({ given, latest }: ServedConnection, now: number): Connection {
  if (!latest) return given;
  const {
    lastRun,
    lastRunBy,
    lastRunDate,
    lastRunDestinationParameters,
    lastRunJobId,
    lastRunSourceParameters,
    ...connection
  } = given;
  return {
    ...connection,
    ...lastRunFields(runAt(latest, now)),
    updated: new Date(updatedAt(latest, now)).toISOString(),
  };
}

/** The connection's latest run at `now`: the server's latest, or else the given `lastRun`. */
export function latestRunAt(connection: ServedConnection, now: number): ConnectionRun | undefined {
  return connection.latest ? runAt(connection.latest, now) : connection.given.lastRun;
}

/**
 * The connection's run with `jobId` at `now`: one the server started, or the given `lastRun`.
 * A run of another connection is not found.
 */
export function runOf(
  state: ApiState,
  connection: ServedConnection,
  jobId: string,
  now: number,
): ConnectionRun | undefined {
  const run = state.runs.get(jobId);
  if (run?.fields.connectionId === connection.given.connectionId) return runAt(run, now);
  return connection.given.lastRun?.jobId === jobId ? connection.given.lastRun : undefined;
}

/** The server's run of this connection that is not finished at `now`, if any. */
export function runGoing(connection: ServedConnection, now: number): Run | undefined {
  const { latest } = connection;
  return latest && !isFinished(latest, now) ? latest : undefined;
}

/**
 * Starts a run of the connection at `now` as `refresh` asks, with the parameters of its latest
 * run where `usePrevious…` says so, and makes it the connection's latest run.
 */
export function startRunOf(
  state: ApiState,
  connection: ServedConnection,
  refresh: RefreshConnection,
  { now, durationMs }: { now: number; durationMs: number },
): Run {
  const previous = latestRunAt(connection, now);
  const run = startRun({
    connection: connection.given,
    outcome: connection.outcome,
    startedAt: now,
    durationMs,
    sourceParameters: refresh.usePreviousSourceParameters
      ? previous?.sourceParameters
      : refresh.sourceParameters,
    destinationParameters: refresh.usePreviousDestinationParameters
      ? previous?.destinationParameters
      : refresh.destinationParameters,
  });
  state.runs.set(run.fields.jobId, run);
  connection.latest = run;
  return run;
}
