/** A validated `MockFault` with its defaults applied. */
export type NormalizedFault =
  | { type: "rate-limit"; count: number; retryAfterSeconds: number | null }
  | { type: "unavailable"; count: number }
  | { type: "drop"; count: number };
