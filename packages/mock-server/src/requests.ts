// The record of requests in `requests`: what is kept of each one (credentials redacted, large
// bodies left out) and how many are kept, so that a long-running server's memory stays flat.
import { redactCredentials } from "./body.ts";

/** One request the embedded API received, as listed in `requests`. */
export interface RecordedRequest {
  /** The `x-request-id` header the server sent (or would have sent) with its answer. */
  readonly requestId: string;
  /** The HTTP method, such as `"GET"`. */
  readonly method: string;
  /**
   * The path after the API's base URL (`/api/v1/connections/…`), still percent-encoded and
   * without the query string.
   */
  readonly path: string;
  /**
   * The query parameters; when a name repeats, its first value. The value of any parameter whose
   * name looks like a credential (`access_token`, `client_secret`, `api_key`, …) reads
   * `"[redacted]"`, as in `body`.
   */
  readonly query: Readonly<Record<string, string>>;
  /**
   * The parsed body of a request sent as JSON (`application/json`), such as the
   * `RefreshConnection` of a refresh, once it has arrived; `undefined` for a request without a
   * JSON body (a GET or HEAD has none), and for a body larger than `maxRecordedBodyBytes` (see
   * `bodyBytes`). The value of
   * any property whose name looks like a credential (`token`, `secret`, `password`, …) reads
   * `"[redacted]"`.
   */
  readonly body: unknown;
  /** The size of the body in bytes, as received, once it has arrived; `0` without a body. */
  readonly bodyBytes: number;
  /**
   * The request headers with lower-case names. Credentials are redacted: `authorization` reads
   * `"Bearer [redacted]"` (or `"[redacted]"` for other schemes).
   */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The HTTP status the server answered with; `undefined` while the answer is pending, and for
   * requests that were dropped by a fault or aborted.
   */
  readonly status: number | undefined;
  /**
   * `true` when the client closed the connection before the answer was written (for example an
   * aborted `fetch` during `latencyMs`). A `drop` fault does not count as an abort.
   */
  readonly aborted: boolean;
}

/** A `RecordedRequest` as the server fills it in: its outcome is written once it is known. */
export type MutableRecordedRequest = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] };

/** The requests kept for `requests`: the latest `max` of them, oldest first. */
export interface RequestLog {
  add(request: MutableRecordedRequest): void;
  /** A copy of the kept requests, in order of arrival. */
  list(): readonly RecordedRequest[];
  clear(): void;
}

/** Creates an empty log that keeps the latest `max` requests (`Infinity`: every one). */
export function createRequestLog(max: number): RequestLog {
  let kept: MutableRecordedRequest[] = [];
  return {
    add(request) {
      if (max === 0) return;
      kept.push(request);
      if (kept.length > max) kept.shift();
    },
    list: () => [...kept],
    clear() {
      kept = [];
    },
  };
}

/**
 * The record of a request as it arrives, before its body and its answer: its `path` after the
 * API's base URL, and its `query` (first values) as the routes read it.
 */
export function recordRequest(
  request: Request,
  path: string,
  query: Readonly<Record<string, string>>,
): MutableRecordedRequest {
  return {
    requestId: crypto.randomUUID(),
    method: request.method,
    path,
    // The values of a query are strings, and stay strings.
    query: redactCredentials(query) as Record<string, string>,
    body: undefined,
    bodyBytes: 0,
    headers: redactHeaders(request.headers),
    status: undefined,
    aborted: false,
  };
}

const credentialHeaders = new Set(["authorization", "proxy-authorization", "cookie"]);

/**
 * Request headers as `requests` keeps them, with credentials hidden: a bearer token reads
 * `"Bearer [redacted]"`, any other credential `"[redacted]"`.
 */
function redactHeaders(headers: Headers): Record<string, string> {
  const flat: [string, string][] = [];
  for (const [name, value] of headers) {
    flat.push([name, credentialHeaders.has(name) ? redact(value) : value]);
  }
  return Object.fromEntries(flat);
}

function redact(credential: string): string {
  return /^bearer\b/i.test(credential) ? "Bearer [redacted]" : "[redacted]";
}
