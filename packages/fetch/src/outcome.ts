import { TERMINAL_RUN_STATUSES } from "@wdata-prep/core";
import { check, describeValue, isObject } from "./options.ts";
import type { ConnectionRun, RefreshBatch, RunStatus } from "./types.ts";

// When a run or a batch is finished, and how: the one rule the waits, their errors and the
// hooks apply.

/** How a run or a batch finished: both sides `complete`, or else in `error` or `cancelled`. */
export type RunOutcome = "complete" | "error" | "cancelled";

/**
 * How a run or a batch finished, or `undefined` while it is still going. It is finished when
 * both sides are terminal (`complete`, `error` or `cancelled`), when one side is `error` or
 * `cancelled` while the other is not `running`, or when it carries an `error`. It is
 * `"complete"` when both sides are, `"error"` when a side is or it carries an `error`, else
 * `"cancelled"`. A status this package does not know, or a missing one, counts as still going.
 * Throws a `PrepError` when `run` is not an object.
 */
export function runOutcome(run: ConnectionRun | RefreshBatch): RunOutcome | undefined {
  check(isObject(run), `run must be a ConnectionRun or a RefreshBatch, not ${describeValue(run)}`);
  const { sourceStatus: source, destinationStatus: destination } = run;
  const finished =
    Boolean(run.error) ||
    (isTerminal(source) && isTerminal(destination)) ||
    (isFailure(source) && isSettled(destination)) ||
    (isFailure(destination) && isSettled(source));
  if (!finished) return undefined;
  if (run.error || source === "error" || destination === "error") return "error";
  return source === "complete" && destination === "complete" ? "complete" : "cancelled";
}

function isTerminal(status: RunStatus | undefined): boolean {
  return status !== undefined && TERMINAL_RUN_STATUSES.includes(status);
}

/** Whether `status` is a terminal one other than `complete`. */
function isFailure(status: RunStatus | undefined): boolean {
  return status !== "complete" && isTerminal(status);
}

/** Whether a side with `status` is known not to be running: terminal, or not started. */
function isSettled(status: RunStatus | undefined): boolean {
  return status === "not_started" || isTerminal(status);
}
