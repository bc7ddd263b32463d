import { isPrepError, PrepApiError, type PrepClient } from "@wdata-prep/fetch";
import { type ClientFlags, createClient } from "./client.ts";
import { CliError, CliInterruptedError, ExitCode, exitCodeOf } from "./exit.ts";
import { sanitize } from "./format.ts";
import { createProgress, type Progress } from "./progress.ts";

// How every command runs: its client, its progress on stderr, Ctrl-C, and what it prints on
// stdout (the text for a person, or with --json one JSON document), ending with its exit code.

/** What a command prints when it ends, and its exit code. */
export interface Report {
  /** The one JSON document that `--json` writes to stdout. */
  json: Record<string, unknown>;
  /** The text for a person on stdout, without `--json`; may be empty. */
  text: string;
  /** The exit code. */
  exitCode: ExitCode;
}

/** What a command knows so far, printed if Ctrl-C stops it. */
export interface Known {
  /** What is known, for the JSON document. */
  json: Record<string, unknown>;
  /** What is known, for a person; may be empty. */
  text: string;
  /**
   * What is known in a few words, for the message on stderr, such as "3 connections in 1 page
   * read". A command that started runs says that they keep going on the server.
   */
  summary: string;
}

/** What a command runs with. */
export interface CommandContext {
  /** The client, configured by the environment. */
  prep: PrepClient;
  /** Aborted by Ctrl-C: pass it to every request. */
  signal: AbortSignal;
  /** Progress on stderr. */
  progress: Progress;
  /** The width of stdout when it is a terminal, for tables; `undefined` when it is not. */
  terminalWidth: number | undefined;
  /** Tells how to say what is known so far, called only if Ctrl-C stops the command. */
  setKnown(known: () => Known): void;
}

/** The flags every command that calls the API takes. */
export interface CommandFlags extends ClientFlags {
  /** `--json`: write one JSON document to stdout instead of text. */
  json?: boolean | undefined;
}

/**
 * Runs a command: makes its client from the environment, runs `command` until it ends or Ctrl-C
 * stops it, prints its report or its error, and returns its exit code. On Ctrl-C it stops
 * waiting at once, prints what the command knew, and returns 130; requests in flight are
 * aborted.
 */
export async function runCommand(
  flags: CommandFlags,
  command: (context: CommandContext) => Promise<Report>,
): Promise<ExitCode> {
  const json = flags.json === true;
  const progress = createProgress(process.stderr, process.env);
  let known = (): Known => ({ json: {}, text: "", summary: "no answer had come yet" });
  try {
    const prep = createClient(flags, process.env, (line) => progress.note(line));
    const { columns } = process.stdout;
    const terminalWidth = process.stdout.isTTY ? (columns ?? 80) : undefined;
    const ended = await untilInterrupted((signal) =>
      command({ prep, signal, progress, terminalWidth, setKnown: (now) => (known = now) }),
    );
    progress.stop();
    if (ended.interrupted) {
      const { json: knownJson, text, summary } = known();
      const error = new CliInterruptedError(`Interrupted: ${summary}.`);
      writeReport({ json: { ...knownJson, error: errorJson(error) }, text }, json);
      writeError(error);
      return ExitCode.interrupted;
    }
    writeReport(ended.value, json);
    return ended.value.exitCode;
  } catch (error) {
    progress.stop();
    return fail(error, json);
  }
}

/**
 * Runs `task` until it settles or the process receives SIGINT (Ctrl-C), whichever comes first:
 * the waiting helper of every command. SIGINT aborts the task's signal and ends the wait at
 * once, without waiting for the task to notice. A second Ctrl-C ends the process as usual.
 */
export async function untilInterrupted<T>(
  task: (signal: AbortSignal) => Promise<T>,
): Promise<{ interrupted: true } | { interrupted: false; value: T }> {
  const controller = new AbortController();
  let onInterrupt = () => {};
  const interrupted = new Promise<{ interrupted: true }>((resolve) => {
    onInterrupt = () => {
      controller.abort();
      resolve({ interrupted: true });
    };
  });
  process.once("SIGINT", onInterrupt);
  try {
    const value = task(controller.signal).then((value) => ({ interrupted: false as const, value }));
    return await Promise.race([value, interrupted]);
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}

/**
 * Prints `error` on stderr, and with `json` as the JSON document on stdout, and returns its exit
 * code (see `exitCodeOf`).
 */
export function fail(error: unknown, json: boolean): ExitCode {
  if (json) writeJson({ error: errorJson(error) });
  writeError(error);
  return exitCodeOf(error);
}

/** The `error` of a JSON document: `{ name, message, status, requestId }`, the last two from the API. */
export function errorJson(error: unknown): Record<string, unknown> {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  if (!(error instanceof PrepApiError)) return { name, message };
  return { name, message, status: error.status, requestId: error.requestId };
}

/**
 * Prints an error for a person on stderr: its message, and the API's request ID if any; for an
 * error that is neither the client's nor the command line's, a fault of wdata-prep itself, its
 * stack, for a bug report.
 */
function writeError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`wdata-prep: ${sanitize(message)}`];
  if (error instanceof PrepApiError && error.requestId) {
    lines.push(`Request ID: ${sanitize(error.requestId)} (quote it to Workiva support)`);
  }
  if (!isPrepError(error) && !(error instanceof CliError) && error instanceof Error) {
    lines.push(error.stack ?? "");
  }
  process.stderr.write(`${lines.join("\n")}\n`);
}

/**
 * Writes the JSON document, or the text for a person: its lines and tab-separated values kept,
 * and every other character `sanitize` refuses shown as U+FFFD, wherever the text came from.
 */
function writeReport(report: Pick<Report, "json" | "text">, json: boolean): void {
  if (json) writeJson(report.json);
  else if (report.text) {
    const safe = report.text.split("\n").map((line) => line.split("\t").map(sanitize).join("\t"));
    process.stdout.write(`${safe.join("\n")}\n`);
  }
}

/** Writes `document` to stdout as JSON: the one document of `--json`. */
export function writeJson(document: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}
