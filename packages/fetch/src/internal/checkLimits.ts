import { check } from "./check.ts";

/** Returns the time limit and the retries if both are valid; throws a `PrepError` if not. */
export function checkLimits(timeoutMs: unknown, maxRetries: unknown) {
  check(
    typeof timeoutMs === "number" && timeoutMs > 0 && timeoutMs < 2 ** 31,
    `timeoutMs must be from 1 to 2147483647 ms, not ${timeoutMs}`,
  );
  check(
    Number.isInteger(maxRetries) && (maxRetries as number) >= 0,
    `maxRetries must be a whole number ≥ 0, not ${maxRetries}`,
  );
  return { timeoutMs, maxRetries: maxRetries as number };
}
