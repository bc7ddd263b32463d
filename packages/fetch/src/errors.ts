import { runOutcome } from "./outcome.ts";
import type { Secrets } from "./redact.ts";
import type { ConnectionRun, ErrorDetail, RefreshBatch } from "./types.ts";

// Every error the client throws, the table that picks the class of an error status, how an
// error describes the body and headers of the response behind it, and how the errors of a wait
// name the run or batch it follows.

/**
 * Marks every `PrepError`. `Symbol.for` gives the same symbol in every bundle and realm, so
 * `isPrepError` recognises errors from another copy of the package.
 */
const prepErrorBrand = Symbol.for("@wdata-prep/fetch.PrepError");

/**
 * The base class of every error the client throws. To test for it across bundles or realms,
 * use `isPrepError(error)` rather than `instanceof`.
 */
export class PrepError extends Error {
  /** The name of the error's class, such as `"NotFoundError"`, which its stack starts with. */
  override name = "PrepError";
  /**
   * On every error of a wait for a run (`waitForRefresh`, `refreshAndWait`), and on an error of
   * `refreshConnection` that may have started a run all the same: the connection.
   */
  declare readonly connectionId?: string;
  /**
   * On every error of a wait for a run, once the run has started (from `refreshAndWait`, once
   * the API answered the request that starts it): its `jobId`, to follow it again.
   */
  declare readonly jobId?: string;
  /**
   * On every error of a wait for a batch, once the batch has started: its `batchRefreshId`, to
   * follow it again.
   */
  declare readonly batchId?: string;

  /**
   * @param message What went wrong, for people; never a secret.
   * @param options `cause`: the error behind this one.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, prepErrorBrand, { value: true });
  }

  /** The error as plain data for logs and `JSON.stringify`: its own fields, never a secret. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }
}

/** Whether `value` is a `PrepError`, even one thrown by another copy of the package. */
export function isPrepError(value: unknown): value is PrepError {
  return typeof value === "object" && value !== null && prepErrorBrand in value;
}

/** The request got no response: the network failed. The network error is the `cause`. */
export class PrepConnectionError extends PrepError {
  override name = "PrepConnectionError";

  /**
   * @param cause The network error.
   * @param message The message; by default "Could not reach the server".
   */
  constructor(cause?: unknown, message = "Could not reach the server") {
    super(message, { cause });
  }
}

/**
 * An attempt got no complete response (its body included) within `timeoutMs`, and no retry was
 * left.
 */
export class PrepConnectionTimeoutError extends PrepConnectionError {
  override name = "PrepConnectionTimeoutError";
  /** The time limit of each attempt, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * @param timeoutMs The time limit of each attempt, in milliseconds.
   * @param what The request that timed out, for the message.
   */
  constructor(timeoutMs: number, what = "The request") {
    super(undefined, `${what} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted the request through its `signal`. The abort reason is the `cause`. */
export class PrepAbortError extends PrepError {
  override name = "PrepAbortError";

  /** @param reason The reason the signal aborted with. */
  constructor(reason?: unknown) {
    super("The request was aborted", { cause: reason });
  }
}

/** The run or the batch a wait follows, as far as it is known: only the IDs it knows are set. */
export interface WaitTarget {
  /** The connection of a run. */
  connectionId?: string | undefined;
  /** The run, once it has started. */
  jobId?: string | undefined;
  /** The batch, once it has started. */
  batchId?: string | undefined;
}

/** How a run or a batch that did not complete finished. */
export type FailedOutcome = "error" | "cancelled";

/**
 * A run that a wait followed (`waitForRefresh`, `refreshAndWait`) finished without completing:
 * `outcome` says how, and `run` is the run as last read.
 */
export class PrepRunError extends PrepError {
  override name = "PrepRunError";
  declare readonly connectionId: string;
  declare readonly jobId: string;
  /** The finished run. */
  readonly run: ConnectionRun;
  /** `"error"` when a side failed or the run carries an `error`; else `"cancelled"`. */
  readonly outcome: FailedOutcome;

  /**
   * @param run The finished run.
   * @param outcome How it finished.
   * @param target The connection and the `jobId` of the run.
   */
  constructor(
    run: ConnectionRun,
    outcome: FailedOutcome,
    target: { connectionId: string; jobId: string },
  ) {
    const { connectionId, jobId } = target;
    const error = run.error ? `: ${run.error}` : "";
    super(`The run ${jobId} of connection ${connectionId} ended in ${outcome}${error}`);
    Object.assign(this, target);
    this.run = run;
    this.outcome = outcome;
  }
}

/**
 * A batch that a wait followed (`waitForBatch`, `refreshBatchAndWait`) finished without
 * completing: `outcome` says how, `batch` is the batch as last read, and `failed` its runs that
 * did not complete (`runOutcome(run)` says how each ended).
 */
export class PrepBatchError extends PrepError {
  override name = "PrepBatchError";
  declare readonly batchId: string;
  /** The finished batch, with the run of each of its connections in `childRefreshes`. */
  readonly batch: RefreshBatch;
  /** `"error"` when a side failed or the batch carries an `error`; else `"cancelled"`. */
  readonly outcome: FailedOutcome;
  /** The runs of the batch that did not complete. */
  readonly failed: ConnectionRun[];

  /**
   * @param batch The finished batch.
   * @param outcome How it finished.
   * @param batchId The ID of the batch.
   */
  constructor(batch: RefreshBatch, outcome: FailedOutcome, batchId: string) {
    super(`The batch ${batchId} ended in ${outcome}${batch.error ? `: ${batch.error}` : ""}`);
    Object.assign(this, { batchId });
    this.batch = batch;
    this.outcome = outcome;
    this.failed = (batch.childRefreshes ?? []).filter((child) => runOutcome(child) !== "complete");
  }
}

/**
 * A wait for a run or a batch reached its `deadlineMs` before the run or batch finished. Its
 * `jobId` or `batchId` (when the run or batch had started) and `lastRun` tell where it stands:
 * wait for it again with `waitForRefresh` or `waitForBatch`.
 */
export class PrepWaitTimeoutError extends PrepError {
  override name = "PrepWaitTimeoutError";
  /** The deadline of the wait, in milliseconds. */
  readonly deadlineMs: number;
  /** The run (or the batch) as last read; `undefined` when no status came. */
  readonly lastRun: ConnectionRun | RefreshBatch | undefined;

  /**
   * @param deadlineMs The deadline of the wait, in milliseconds.
   * @param lastRun The run or batch as last read, if any.
   * @param target The run or batch the wait follows, as far as it is known.
   */
  constructor(
    deadlineMs: number,
    lastRun: ConnectionRun | RefreshBatch | undefined,
    target: WaitTarget,
  ) {
    const seen = lastRun ? `last status: ${describeStatus(lastRun)}` : "no status seen yet";
    super(`Waiting for ${describeTarget(target)} timed out after ${deadlineMs} ms; ${seen}`);
    Object.assign(this, target);
    this.deadlineMs = deadlineMs;
    this.lastRun = lastRun;
  }
}

/**
 * `error` as a wait that follows `target` rejects with it: a copy of a `PrepError` with the IDs
 * of `target` and a message naming it, anything else as it is. A copy, since one error may reach
 * several callers (those waiting for one token request), each with a wait of its own.
 */
export function inWait(error: unknown, target: WaitTarget): unknown {
  if (!isPrepError(error)) return error;
  return rewritten(error, `${error.message} (while waiting for ${describeTarget(target)})`, target);
}

/**
 * A copy of `error`, of its class and with its fields, its `cause` and its stack, but with
 * `message`, and the IDs of `target`.
 */
export function rewritten<E extends PrepError>(error: E, message: string, target: WaitTarget): E {
  const copy: E = Object.create(
    Object.getPrototypeOf(error),
    Object.getOwnPropertyDescriptors(error),
  );
  const header = `${copy.name}: ${copy.message}`;
  copy.message = message;
  // Copying the error wrote out its stack, whose first line repeats the message.
  if (copy.stack?.startsWith(header)) {
    copy.stack = `${copy.name}: ${copy.message}${copy.stack.slice(header.length)}`;
  }
  Object.assign(copy, target);
  return copy;
}

/**
 * The run or batch of `target` for a message: a run has a connection, a batch none. Until the
 * API answers the request that starts it, it may or may not have started.
 */
export function describeTarget({ connectionId, jobId, batchId }: WaitTarget): string {
  if (connectionId !== undefined) {
    return `the run ${jobId ?? "(its start not confirmed)"} of connection ${connectionId}`;
  }
  return `the batch ${batchId ?? "(its start not confirmed)"}`;
}

/** The status of a run or batch, for the message of the deadline. */
function describeStatus(run: ConnectionRun | RefreshBatch): string {
  const sides = `source ${run.sourceStatus}, destination ${run.destinationStatus}`;
  const children = "childRefreshes" in run ? run.childRefreshes : undefined;
  if (!children) return sides;
  return `${sides}, ${children.filter(runOutcome).length} of ${children.length} runs finished`;
}

/**
 * The API answered with an error status, or with a success that is not the JSON envelope the
 * API promises. Each documented error status has its own subclass, such as `NotFoundError`.
 */
export class PrepApiError extends PrepError {
  override name = "PrepApiError";
  /** The HTTP status of the response. */
  readonly status: number;
  /** The `code` of the error body, when it has one. */
  readonly code: number | undefined;
  /** The `details` of the error body, when it has them. */
  readonly details: ErrorDetail[] | undefined;
  /**
   * The response body: parsed JSON, or the raw text when it is not JSON, the client's own
   * credentials redacted from it.
   */
  readonly body: unknown;
  /** The response headers, any `authorization` value and the client's credentials redacted. */
  readonly headers: Headers;
  /** The `x-request-id` response header, when present: quote it to Workiva support. */
  readonly requestId: string | undefined;

  /**
   * @param status The HTTP status.
   * @param body The response body: parsed JSON, or the raw text when it is not JSON.
   * @param headers The response headers; an `authorization` value is redacted.
   * @param message The message; by default the status and the server's message.
   */
  constructor(status: number, body: unknown, headers?: Headers, message?: string) {
    const redacted = new Headers(headers);
    if (redacted.has("authorization")) redacted.set("authorization", "[redacted]");
    super(message ?? `${status} ${describeBody(body, redacted)}`);
    const code = property(body, "code");
    const details = property(body, "details");
    this.status = status;
    this.code = typeof code === "number" ? code : undefined;
    this.details = Array.isArray(details) ? details : undefined;
    this.body = body;
    this.headers = redacted;
    this.requestId = redacted.get("x-request-id") ?? undefined;
  }

  /** The error as plain data, its (redacted) headers as an object. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), headers: Object.fromEntries(this.headers) };
  }
}

/** 400: the request is invalid, such as a `workspaceId` the API rejects. */
export class BadRequestError extends PrepApiError {
  override name = "BadRequestError";
}

/**
 * 401 from the API (the token is missing, invalid or expired), or a failed request for a
 * client-credentials token, whose OAuth `error` and `error_description` it carries.
 */
export class AuthenticationError extends PrepApiError {
  override name = "AuthenticationError";
  /** The OAuth `error` of a failed token request, such as `invalid_client`. */
  readonly oauthError: string | undefined = stringProperty(this.body, "error");
  /** The OAuth `error_description` of a failed token request. */
  readonly oauthErrorDescription: string | undefined = stringProperty(
    this.body,
    "error_description",
  );
}

/** 403: the token may not access this connection. */
export class PermissionDeniedError extends PrepApiError {
  override name = "PermissionDeniedError";
}

/** 404: no connection has this ID (in this workspace, when one is given). */
export class NotFoundError extends PrepApiError {
  override name = "NotFoundError";
}

/** 409: the request conflicts with the state of the resource. */
export class ConflictError extends PrepApiError {
  override name = "ConflictError";
}

/** 423: the resource is locked. */
export class LockedError extends PrepApiError {
  override name = "LockedError";
}

/** 429: too many requests, left after the retries or with a wait longer than 60 s. */
export class RateLimitError extends PrepApiError {
  override name = "RateLimitError";
  /** How long the server asked to wait, in milliseconds, when it said (`Retry-After`). */
  readonly retryAfterMs: number | undefined = readRetryAfter(this.headers);
}

/** 500 or any other 5xx status: an error on the server, left after the retries. */
export class InternalServerError extends PrepApiError {
  override name = "InternalServerError";
}

/** The class of each documented error status below 500; every 5xx is an `InternalServerError`. */
const classByStatus: Record<number, typeof PrepApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  423: LockedError,
  429: RateLimitError,
};

/**
 * The error for a response that is not what was asked for: the one place that builds an error
 * from what a server answered. It picks the class for the status, unless `ErrorClass` says
 * otherwise, and quotes the body, the headers and the message with the client's credentials
 * redacted (`secrets`), so that a server echoing a token or a secret puts it in no error.
 * `message` is by default the status and the server's message.
 */
export function createApiError(
  status: number,
  body: unknown,
  headers: Headers,
  secrets: Secrets,
  message?: string,
  ErrorClass = status >= 500 ? InternalServerError : (classByStatus[status] ?? PrepApiError),
): PrepApiError {
  const quoted = secrets.headers(headers);
  // A redirect (in a browser, an opaque one with status 0): the client never follows one, so
  // that a token never goes anywhere else, and the API never sends one.
  const redirect = `${status} redirect to ${quoted.get("location") ?? "somewhere"}, not followed`;
  const text = message === undefined ? undefined : secrets.text(message);
  return new ErrorClass(
    status,
    secrets.value(body),
    quoted,
    text ?? (status < 400 ? redirect : undefined),
  );
}

/**
 * How long the server asks the client to wait, in milliseconds: `retry-after-ms`, else
 * `Retry-After` in whole seconds or as an HTTP date, which ends in "GMT" (a past date is 0).
 * `undefined` when absent or unreadable, such as "1.5" or "2s". `RateLimitError.retryAfterMs`
 * shows it; the retry policy in `send.ts` obeys it.
 */
export function readRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  const value = headers.get("retry-after") ?? "";
  let wait = Number.NaN;
  if (ms) wait = Number(ms);
  else if (/^\d+$/.test(value)) wait = Number(value) * 1000;
  else if (value.endsWith(" GMT")) wait = Date.parse(value) - now;
  return Number.isNaN(wait) ? undefined : Math.max(0, wait);
}

/**
 * A response body as `PrepApiError.body` keeps it: parsed JSON, or the raw text when it is not
 * JSON (or is `null`).
 */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) ?? text;
  } catch {
    return text;
  }
}

/**
 * The server's message in a response body: the `body` of a Prep error (one message or
 * several); for other JSON, its start; for a body that is not JSON, its content type and first
 * characters.
 */
export function describeBody(body: unknown, headers: Headers): string {
  if (typeof body === "string") {
    const start = body ? `starting ${JSON.stringify(body.slice(0, 80))}` : "empty body";
    return `${headers.get("content-type") || "no content type"}, ${start}`;
  }
  const message = property(body, "body");
  if (typeof message === "string") return message;
  if (Array.isArray(message)) return message.join("; ");
  return JSON.stringify(body).slice(0, 200);
}

/** The property `name` of a parsed JSON body, or `undefined` when the body is not an object. */
export function property(body: unknown, name: string): unknown {
  if (typeof body !== "object" || body === null) return undefined;
  return (body as Record<string, unknown>)[name];
}

/** The property `name` of a parsed JSON body when it is a string, or `undefined`. */
function stringProperty(body: unknown, name: string): string | undefined {
  const value = property(body, name);
  return typeof value === "string" ? value : undefined;
}
