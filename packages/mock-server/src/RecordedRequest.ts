/** One request the mock server received, as listed in `server.requests`. */
export interface RecordedRequest {
  /** The `x-request-id` header the server sent (or would have sent) with its answer. */
  readonly requestId: string;
  /** The HTTP method, such as `"GET"`. */
  readonly method: string;
  /** The path as received, still percent-encoded and without the query string. */
  readonly path: string;
  /** The query parameters; when a name repeats, its first value. */
  readonly query: Readonly<Record<string, string>>;
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
