import { PrepConnectionError, PrepConnectionTimeoutError } from "./errors.ts";
import type { Secrets } from "./redact.ts";
import type { Sent } from "./send.ts";

// The client's log: where its lines go, how much it writes, and what one line says. A line
// names a request by its method, path and query (the API's own IDs) and never holds a token, a
// secret, a header or a body.

/** Where the client writes its log lines, such as `console`, or a logger with the same methods. */
export interface PrepLogger {
  /** Writes a line of level `"debug"`: an attempt that succeeded. */
  debug(message: string): void;
  /** Writes a line of level `"info"`: a retry, or a pause of a wait. */
  info(message: string): void;
  /** Writes a line of level `"warn"`: a request the API refused (a 4xx). */
  warn(message: string): void;
  /** Writes a line of level `"error"`: a request that failed otherwise. */
  error(message: string): void;
}

/**
 * How much the client logs: nothing (`"off"`), or the lines of this level and of the more severe
 * ones: `"error"` (a request failed), `"warn"` (refused by the API), `"info"` (a retry, a pause of
 * a wait), `"debug"` (every attempt).
 */
export type PrepLogLevel = "off" | "error" | "warn" | "info" | "debug";

/** The levels a line may have, the most severe first. */
export const logLevels = ["error", "warn", "info", "debug"] as const;

/** Writes one line at a level. */
export type Log = (level: (typeof logLevels)[number], message: string) => void;

/**
 * The log of a client: the lines of `level` and more severe ones, written to `logger` (by
 * default `console`), each with the client's credentials (`secrets`) redacted from what it
 * quotes, such as a request ID or a query a server gave; `undefined` when it is off, so that a
 * request pays for no line.
 */
export function createLog(
  logger: PrepLogger | undefined,
  level: PrepLogLevel,
  secrets: Secrets,
): Log | undefined {
  if (level === "off") return undefined;
  const most = logLevels.indexOf(level);
  const target = logger ?? console;
  return (at, message) => {
    if (logLevels.indexOf(at) <= most) target[at](`[wdata-prep] ${secrets.text(message)}`);
  };
}

/**
 * Writes the line of one attempt: the request, what came back and how long it took, its
 * request ID, and what follows. At `info` when it is retried (`retrying` says how); else at
 * `debug` for a success, `warn` for a refusal (a 4xx) and `error` for any other failure, with
 * the `reason` it is not retried.
 */
export function logAttempt(
  log: Log,
  { request, at }: Sent,
  outcome: Response | PrepConnectionError,
  next: { retrying: string } | { reason: string },
): void {
  // An attempt that failed before sending, such as one whose token could not be had, has no line.
  if (!request) return;
  const took = Math.round(performance.now() - at);
  let result: string;
  let status = 0;
  if (outcome instanceof PrepConnectionTimeoutError) result = `timed out after ${took} ms`;
  else if (outcome instanceof PrepConnectionError) {
    result = `network error (${networkErrorKind(outcome)}) after ${took} ms`;
  } else {
    status = outcome.status;
    const requestId = outcome.headers.get("x-request-id");
    result = `${status} in ${took} ms${requestId ? `, request ID ${requestId}` : ""}`;
  }
  const line = `${describeRequest(request)}: ${result}`;
  if ("retrying" in next) log("info", `${line}; ${next.retrying}`);
  else if (status >= 200 && status < 300) log("debug", line);
  else
    log(status >= 400 && status < 500 ? "warn" : "error", `${line}; not retried: ${next.reason}`);
}

/** A request for a line: its method, path and query. */
export function describeRequest({ method, url }: Request): string {
  const { pathname, search } = new URL(url);
  return `${method} ${pathname}${search}`;
}

/**
 * What kind of network error an attempt met, by its code (on the error or, as undici's fetch
 * gives it, on its `cause`), such as `ECONNREFUSED`; else the name of the error.
 */
export function networkErrorKind({ cause }: PrepConnectionError): string {
  for (const error of [cause, (cause as { cause?: unknown } | undefined)?.cause]) {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (typeof code === "string") return code;
  }
  return cause instanceof Error ? cause.name : "unknown";
}
