import type { MockFault } from "../MockFault.ts";
import type { NormalizedFault } from "./NormalizedFault.ts";

const keysByType: Record<MockFault["type"], readonly string[]> = {
  "rate-limit": ["type", "count", "retryAfterSeconds"],
  unavailable: ["type", "count"],
  drop: ["type", "count"],
};

/**
 * Validates a fault given to `server.fault` and applies its defaults (`count` 1,
 * `retryAfterSeconds` 1). Throws a `TypeError` or `RangeError` naming the problem.
 */
export function normalizeFault(fault: MockFault): NormalizedFault {
  if (typeof fault !== "object" || fault === null) {
    throw new TypeError('fault must be an object such as { type: "rate-limit" }');
  }
  const allowed = Object.hasOwn(keysByType, fault.type) ? keysByType[fault.type] : undefined;
  if (!allowed) {
    throw new TypeError(
      `fault.type must be "rate-limit", "unavailable" or "drop", got ${JSON.stringify(fault.type)}`,
    );
  }
  for (const key of Object.keys(fault)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`A "${fault.type}" fault has no option "${key}"`);
    }
  }
  const count = fault.count ?? 1;
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new RangeError(`fault.count must be a positive integer, got ${String(count)}`);
  }
  if (fault.type !== "rate-limit") return { type: fault.type, count };
  const retryAfterSeconds = fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds;
  if (
    retryAfterSeconds !== null &&
    (!Number.isSafeInteger(retryAfterSeconds) || retryAfterSeconds < 0)
  ) {
    throw new RangeError(
      `fault.retryAfterSeconds must be a whole number of seconds (0 or more) or null, got ${String(retryAfterSeconds)}`,
    );
  }
  return { type: "rate-limit", count, retryAfterSeconds };
}
