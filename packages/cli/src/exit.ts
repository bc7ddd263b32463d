import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  isPrepError,
  LockedError,
  NotFoundError,
  PermissionDeniedError,
  PrepAbortError,
  PrepApiError,
  PrepBatchError,
  PrepConnectionError,
  PrepRunError,
  PrepWaitTimeoutError,
} from "@wdata-prep/fetch";

// The exit codes of `wdata-prep`, the errors of the command line itself, and the one place
// that turns an error (the client's classes included) or the outcomes of runs into an exit code.

/** Every exit code of `wdata-prep`, by name. */
export const ExitCode = {
  complete: 0,
  runError: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  deadline: 5,
  cancelled: 6,
  apiFailure: 7,
  interrupted: 130,
} as const;

/** One of the exit codes of `ExitCode`. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What each exit code means, as `--help` and the README say it. */
export const exitCodeMeanings: readonly [ExitCode, string][] = [
  [ExitCode.complete, "every run complete"],
  [ExitCode.runError, "a run ended in error"],
  [ExitCode.usage, "usage"],
  [ExitCode.auth, "authentication or permission"],
  [ExitCode.notFound, "not found"],
  [ExitCode.deadline, "deadline passed"],
  [ExitCode.cancelled, "a run was cancelled (and none failed)"],
  [ExitCode.apiFailure, "API or network failure after retries"],
  [ExitCode.interrupted, "interrupted"],
];

/** An error of the command line itself, before or around the requests, with its exit code. */
export class CliError extends Error {
  override name = "CliError";
  /** The exit code the command ends with. */
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A command line that cannot run: a bad flag, argument or environment variable. Exit 2. */
export class CliUsageError extends CliError {
  override name = "CliUsageError";

  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** No credentials in the environment, or half of them. Exit 3. */
export class CliCredentialsError extends CliError {
  override name = "CliCredentialsError";

  constructor(message: string) {
    super(message, ExitCode.auth);
  }
}

/** Ctrl-C (SIGINT) stopped the command before it finished. Exit 130. */
export class CliInterruptedError extends CliError {
  override name = "CliInterruptedError";

  constructor(message: string) {
    super(message, ExitCode.interrupted);
  }
}

/**
 * The exit code of a command that failed with `error`: the one table from the client's error
 * classes (and the command line's own) to exit codes.
 */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof PrepAbortError) return ExitCode.interrupted;
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return ExitCode.auth;
  }
  if (error instanceof NotFoundError) return ExitCode.notFound;
  // A run or a batch that a wait followed ended without completing.
  if (error instanceof PrepRunError || error instanceof PrepBatchError) {
    return error.outcome === "error" ? ExitCode.runError : ExitCode.cancelled;
  }
  if (error instanceof PrepWaitTimeoutError) return ExitCode.deadline;
  // A run the API refused to start: already running (409), or a destination locked (423).
  if (error instanceof ConflictError || error instanceof LockedError) return ExitCode.runError;
  // The API refused an argument, such as a malformed ID.
  if (error instanceof BadRequestError) return ExitCode.usage;
  // Any other error status, a success that is not the API's envelope, and no response at all,
  // each left after the client's retries. `PrepConnectionTimeoutError`, a `PrepConnectionError`,
  // is the time limit of one request, not the deadline of a wait.
  if (error instanceof PrepApiError || error instanceof PrepConnectionError) {
    return ExitCode.apiFailure;
  }
  // A `PrepError` of no subclass is input the client refused before any request.
  if (isPrepError(error)) return ExitCode.usage;
  // A fault of the command line itself, as Node exits after an uncaught error.
  return ExitCode.runError;
}

/**
 * How one run that a command reports ended, as `prep.refreshMany` reports it, or `undefined`
 * while the run is still going (a status read).
 */
export interface RunResult {
  /**
   * `not_started`: started and not yet running, or, with an `error`, never started because of
   * it; `timed_out`: still going when the deadline passed.
   */
  outcome: "complete" | "error" | "cancelled" | "timed_out" | "not_started" | undefined;
  /** Why the run failed or never started, when an error says. */
  error?: unknown;
}

/**
 * The order in which the exit codes of several runs prevail: what needs a person first. A run
 * still going, or started and not followed, counts as 0.
 */
const precedence: readonly ExitCode[] = [
  ExitCode.auth,
  ExitCode.notFound,
  ExitCode.apiFailure,
  ExitCode.runError,
  ExitCode.deadline,
  ExitCode.cancelled,
];

/**
 * The exit code of a command that reports `results`: the first of 3, 4, 7, 1, 5 and 6 that one
 * of them calls for, else 0. A run kept from starting by an error (or no longer followed after
 * one) calls for that error's code when it is 3, 4, 7 or 5 (the connection was not found, the
 * deadline came first), and for 1 otherwise (a refused batch).
 */
export function exitCodeOfResults(results: readonly RunResult[]): ExitCode {
  const codes = new Set(results.map(exitCodeOfResult));
  return precedence.find((code) => codes.has(code)) ?? ExitCode.complete;
}

function exitCodeOfResult({ outcome, error }: RunResult): ExitCode {
  if (error !== undefined && (outcome === "not_started" || outcome === "error")) {
    const code = exitCodeOf(error);
    const own: ExitCode[] = [
      ExitCode.auth,
      ExitCode.notFound,
      ExitCode.apiFailure,
      ExitCode.deadline,
    ];
    return own.includes(code) ? code : ExitCode.runError;
  }
  switch (outcome) {
    case "error":
      return ExitCode.runError;
    case "cancelled":
      return ExitCode.cancelled;
    case "timed_out":
      return ExitCode.deadline;
    default:
      return ExitCode.complete;
  }
}
