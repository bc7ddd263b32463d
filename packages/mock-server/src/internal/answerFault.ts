import { errorAnswer } from "./errorAnswer.ts";
import type { MockAnswer } from "./MockAnswer.ts";
import type { NormalizedFault } from "./NormalizedFault.ts";

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
