/** How `sendWithRetries` sends: the checked options of a client or of one call. */
export interface SendConfig {
  /**
   * The fetch to call, such as one that adds a client-credentials token; `undefined` for the
   * global `fetch`, looked up at call time.
   */
  fetch?: ((input: Request) => Promise<Response>) | undefined;
  /** Gives the bearer token of one attempt; without it no `Authorization` header is sent. */
  token?: (() => Promise<string>) | undefined;
  /** The time limit of each attempt, in milliseconds. */
  timeoutMs: number;
  /** How many times a failed attempt may be retried. */
  maxRetries: number;
}
