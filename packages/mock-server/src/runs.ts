// The run lifecycle: how a run of a connection ends (its outcome), the phases it goes through
// on the clock (not_started → running → complete | error | cancelled), what it looks like at a
// given time, the batches whose statuses follow their runs, and the lastRun fields of a
// connection that follow its run.
import type { Connection, ConnectionRun, RefreshBatch, RunStatus } from "@wdata-prep/core";
import { isObject } from "./input.ts";

/**
 * How every run of a connection ends on the mock server. Give them with the `outcomes` option;
 * `seedRunOutcomes` holds those of the seeded connections.
 */
export type MockRunOutcome =
  | {
      /** Both sides run and end `complete`. */
      type: "complete";
    }
  | {
      /** The source fails: it ends `error` and the destination stays `not_started`. */
      type: "source-error";
      /**
       * The run's `error`.
       * @default "The source could not be read. Check the source and run again."
       */
      error?: string;
    }
  | {
      /** The source completes, then the destination fails: it ends `error`. */
      type: "destination-error";
      /**
       * The run's `error`.
       * @default "The destination could not be written. Check the destination and run again."
       */
      error?: string;
    }
  | {
      /** The run is cancelled while its source runs: both sides end `cancelled`. */
      type: "cancelled";
    }
  | {
      /**
       * The destination cannot be written: a refresh is answered `423 Locked`, and in a batch
       * with `cancelUnwritables=true` the child is cancelled at once (both sides `cancelled`,
       * and no `error`: the caller asked for it, so by the client's rule it ends `cancelled`).
       */
      type: "unwritable";
      /**
       * Why the destination cannot be written: the message of the 423.
       * @default "The destination is locked. Ask its owner to unlock it, then run again."
       */
      error?: string;
    };

/** A `MockRunOutcome` with its `error` filled in. */
export type ResolvedOutcome =
  | { type: "complete" | "cancelled" }
  | { type: "source-error" | "destination-error" | "unwritable"; error: string };

const defaultErrors = {
  "source-error": "The source could not be read. Check the source and run again.",
  "destination-error": "The destination could not be written. Check the destination and run again.",
  unwritable: "The destination is locked. Ask its owner to unlock it, then run again.",
} as const;

/**
 * Validates an outcome given in the `outcomes` option (`name` says where, for the error) and
 * fills in its default `error`. Throws a `TypeError` naming the problem.
 */
export function resolveOutcome(outcome: MockRunOutcome, name: string): ResolvedOutcome {
  if (!isObject(outcome)) {
    throw new TypeError(`${name} must be an object such as { type: "complete" }`);
  }
  const { type } = outcome;
  if (type === "complete" || type === "cancelled") {
    const extra = Object.keys(outcome).find((key) => key !== "type");
    if (extra) throw new TypeError(`${name}: a "${type}" outcome has no option "${extra}"`);
    return { type };
  }
  if (type === "source-error" || type === "destination-error" || type === "unwritable") {
    const extra = Object.keys(outcome).find((key) => key !== "type" && key !== "error");
    if (extra) throw new TypeError(`${name}: a "${type}" outcome has no option "${extra}"`);
    const { error = defaultErrors[type] } = outcome;
    if (typeof error !== "string" || error.trim() === "") {
      throw new TypeError(`${name}.error must be a non-empty string`);
    }
    return { type, error };
  }
  throw new TypeError(
    `${name}.type must be "complete", "source-error", "destination-error", "cancelled" or "unwritable", got ${JSON.stringify(type)}`,
  );
}

/** From `at` milliseconds after its start, a run shows these statuses (and `error`). */
interface Phase {
  at: number;
  sourceStatus: RunStatus;
  destinationStatus: RunStatus;
  error?: string;
}

/** A run the server started: its fixed fields and its phases, the last one final. */
export interface Run {
  /** The fields that never change: IDs, workspaces, parameters, who started it and when. */
  readonly fields: ConnectionRun & { connectionId: string; jobId: string };
  /** When it started, in milliseconds since the epoch. */
  readonly startedAt: number;
  readonly phases: readonly Phase[];
  /** How it ends. */
  readonly outcome: ResolvedOutcome;
}

/** The user every run and batch is started by: Maya, the seed's first user. */
export const runner = "V0ZVc2VyHzU2NDYyODk1NDQ3MjE5MjA";

/** A new 32-hex-digit ID for a job or a batch, like the API's. */
export function newId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/**
 * Starts a run of `connection` at `startedAt`. It is `not_started` for the first fifth of
 * `durationMs`, its source runs until three fifths (until the end, when the source fails or the
 * run is cancelled), its destination runs for the rest, and it is finished at `durationMs`. A
 * run whose destination is `unwritable` (only started by a batch with `cancelUnwritables`) is
 * cancelled from the start.
 */
export function startRun(start: {
  connection: Connection & { connectionId: string };
  outcome: ResolvedOutcome;
  startedAt: number;
  durationMs: number;
  sourceParameters: Record<string, unknown> | undefined;
  destinationParameters: Record<string, unknown> | undefined;
}): Run {
  const { connection, outcome, startedAt, sourceParameters, destinationParameters } = start;
  const fields = {
    connectionId: connection.connectionId,
    created: new Date(startedAt).toISOString(),
    createdBy: runner,
    ...(destinationParameters && { destinationParameters }),
    ...(connection.destinationWorkspaceId && {
      destinationWorkspaceId: connection.destinationWorkspaceId,
    }),
    jobId: newId(),
    ...(sourceParameters && { sourceParameters }),
    ...(connection.sourceWorkspaceId && { sourceWorkspaceId: connection.sourceWorkspaceId }),
    ...(connection.workspaceId && { workspaceId: connection.workspaceId }),
  };
  return { fields, startedAt, phases: phasesOf(outcome, start.durationMs), outcome };
}

function phasesOf(outcome: ResolvedOutcome, durationMs: number): Phase[] {
  const phase = (at: number, sourceStatus: RunStatus, destinationStatus: RunStatus): Phase => ({
    at: at * durationMs,
    sourceStatus,
    destinationStatus,
  });
  const reading = [phase(0, "not_started", "not_started"), phase(0.2, "running", "not_started")];
  const writing = [...reading, phase(0.6, "complete", "running")];
  switch (outcome.type) {
    case "complete":
      return [...writing, phase(1, "complete", "complete")];
    case "destination-error":
      return [...writing, { ...phase(1, "complete", "error"), error: outcome.error }];
    case "source-error":
      return [...reading, { ...phase(1, "error", "not_started"), error: outcome.error }];
    case "cancelled":
      return [...reading, phase(1, "cancelled", "cancelled")];
    case "unwritable":
      // Cancelled as the caller asked (`cancelUnwritables`): no `error`, since a run that carries
      // one ends in error by the client's rule, and the batch would then disagree with it.
      return [phase(0, "cancelled", "cancelled")];
  }
}

/**
 * The phase of a run at `now`, or as it was created (`"created"`: its first phase, whatever
 * the duration, so the answer of a refresh is always the run as it starts).
 */
function phaseAt(run: Run, now: number | "created"): Phase {
  const first = run.phases[0] as Phase;
  if (now === "created") return first;
  return run.phases.filter((phase) => run.startedAt + phase.at <= now).at(-1) ?? first;
}

/** Whether the run is finished at `now`: it has reached its last phase. */
export function isFinished(run: Run, now: number | "created"): boolean {
  return phaseAt(run, now) === run.phases.at(-1);
}

/** When the run last changed, at `now`, in milliseconds since the epoch. */
export function updatedAt(run: Run, now: number | "created"): number {
  return run.startedAt + phaseAt(run, now).at;
}

/** The run as the API shows it at `now` (or as created). */
export function runAt(run: Run, now: number | "created"): ConnectionRun {
  const { sourceStatus, destinationStatus, error } = phaseAt(run, now);
  return {
    ...run.fields,
    sourceStatus,
    destinationStatus,
    ...(error && { error }),
    updated: new Date(updatedAt(run, now)).toISOString(),
  };
}

/** A batch the server started: its ID, when, and its children's runs in the order asked. */
export interface Batch {
  readonly batchRefreshId: string;
  readonly startedAt: number;
  readonly children: readonly Run[];
}

/**
 * The batch as the API shows it at `now` (or as created). It is finished once every child is
 * (by their schedules); then both its statuses are `error` if any child failed, else
 * `cancelled` if any was cancelled, else `complete`, and `error` says how many failed. Until
 * then each side is `not_started` while that side of every child is, and `running` after.
 */
export function batchAt(batch: Batch, now: number | "created"): RefreshBatch {
  const children = batch.children.map((run) => runAt(run, now));
  const shown = {
    batchRefreshId: batch.batchRefreshId,
    childRefreshes: children,
    created: new Date(batch.startedAt).toISOString(),
    createdBy: runner,
    updated: new Date(Math.max(...batch.children.map((run) => updatedAt(run, now)))).toISOString(),
  };
  if (!batch.children.every((run) => isFinished(run, now))) {
    const side = (name: "sourceStatus" | "destinationStatus"): RunStatus =>
      children.some((child) => child[name] !== "not_started") ? "running" : "not_started";
    return {
      ...shown,
      sourceStatus: side("sourceStatus"),
      destinationStatus: side("destinationStatus"),
    };
  }
  const ends = batch.children.map((run) => run.outcome.type);
  const failed = ends.filter((end) => end === "source-error" || end === "destination-error");
  const cancelled = ends.some((end) => end === "cancelled" || end === "unwritable");
  const status = failed.length > 0 ? "error" : cancelled ? "cancelled" : "complete";
  return {
    ...shown,
    sourceStatus: status,
    destinationStatus: status,
    ...(failed.length > 0 && {
      error: `${failed.length} of ${ends.length} runs of this batch failed; each says why in its error`,
    }),
  };
}

/** The `lastRun…` fields of a connection whose last run is `run`, in step with that run. */
export function lastRunFields(
  run: ConnectionRun,
): Pick<
  Connection,
  | "lastRun"
  | "lastRunBy"
  | "lastRunDate"
  | "lastRunJobId"
  | "lastRunSourceParameters"
  | "lastRunDestinationParameters"
> {
  return {
    lastRun: run,
    lastRunBy: run.createdBy,
    lastRunDate: run.created,
    lastRunJobId: run.jobId,
    ...(run.sourceParameters && { lastRunSourceParameters: run.sourceParameters }),
    ...(run.destinationParameters && { lastRunDestinationParameters: run.destinationParameters }),
  };
}
