// The run lifecycle: what a run of a connection ends as, and the lastRun fields that follow it.
import type { Connection, ConnectionRun } from "@wdata-prep/core";

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
       * with `cancelUnwritables=true` the child is cancelled at once (both sides `cancelled`).
       */
      type: "unwritable";
      /**
       * Why the destination cannot be written: the 423 message and the cancelled child's `error`.
       * @default "The destination is locked. Ask its owner to unlock it, then run again."
       */
      error?: string;
    };

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
