// Faults on demand: what a user may queue, how it is checked, the queue that hands faults to
// incoming requests, and the answer each fault gives instead of the API's.
import { errorAnswer, type MockAnswer } from "./answers.ts";

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

/** A validated `MockFault` with its defaults applied. */
type NormalizedFault =
  | { type: "rate-limit"; count: number; retryAfterSeconds: number | null }
  | { type: "unavailable"; count: number }
  | { type: "drop"; count: number };

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

/** The faults waiting to answer requests, first queued first used. */
export interface FaultQueue {
  /** Queues a fault for its next `count` requests. */
  add(fault: NormalizedFault): void;
  /** Returns the fault that answers the request arriving now, if any, and uses it up once. */
  take(): NormalizedFault | undefined;
  /** Drops every queued fault. */
  clear(): void;
}

/** Creates an empty fault queue. */
export function createFaultQueue(): FaultQueue {
  const queue: { fault: NormalizedFault; remaining: number }[] = [];
  return {
    add(fault) {
      queue.push({ fault, remaining: fault.count });
    },
    take() {
      const head = queue[0];
      if (!head) return undefined;
      head.remaining -= 1;
      if (head.remaining === 0) queue.shift();
      return head.fault;
    },
    clear() {
      queue.length = 0;
    },
  };
}

/** The answer a queued fault gives instead of the API's answer; `"drop"` means none at all. */
export function answerFault(fault: NormalizedFault): MockAnswer | "drop" {
  switch (fault.type) {
    case "rate-limit":
      return errorAnswer(429, "Rate limit exceeded; retry later", {
        headers:
          fault.retryAfterSeconds === null
            ? {}
            : { "retry-after": String(fault.retryAfterSeconds) },
      });
    case "unavailable":
      return errorAnswer(503, "Service temporarily unavailable; retry later");
    case "drop":
      return "drop";
  }
}
