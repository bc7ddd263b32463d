import type { SendConfig } from "../send.ts";
import { check } from "./check.ts";

/**
 * `defaults` with the time limit and the retries of `options` where given, if both are valid;
 * throws a `PrepError` if not.
 */
export function checkLimits(
  options: { timeoutMs?: number | undefined; maxRetries?: number | undefined },
  defaults: SendConfig,
): SendConfig {
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  const maxRetries = options.maxRetries ?? defaults.maxRetries;
  check(
    typeof timeoutMs === "number" && timeoutMs > 0 && timeoutMs < 2 ** 31,
    `timeoutMs must be 1 to 2147483647, not ${timeoutMs}`,
  );
  check(
    Number.isInteger(maxRetries) && maxRetries >= 0,
    `maxRetries must be a whole number >= 0, not ${maxRetries}`,
  );
  return { ...defaults, timeoutMs, maxRetries };
}
