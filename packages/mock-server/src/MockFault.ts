/**
 * A fault the mock server answers with instead of the API's answer, for the next `count`
 * requests. Queue one with `server.fault(…)`; queued faults apply to incoming requests in order.
 */
export type MockFault =
  | {
      /** Answer `429 Too Many Requests` with a `SingleError` body and a `Retry-After` header. */
      type: "rate-limit";
      /**
       * How many requests this fault answers.
       * @default 1
       */
      count?: number;
      /**
       * The `Retry-After` header, in whole seconds; `null` sends no header (the API does not
       * document whether it sends one, so clients must handle both).
       * @default 1
       */
      retryAfterSeconds?: number | null;
    }
  | {
      /** Answer `503 Service Unavailable` with a `SingleError` body. */
      type: "unavailable";
      /**
       * How many requests this fault answers.
       * @default 1
       */
      count?: number;
    }
  | {
      /** Destroy the connection without answering, as a network failure would. */
      type: "drop";
      /**
       * How many requests this fault answers.
       * @default 1
       */
      count?: number;
    };
