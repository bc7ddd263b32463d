import type { ErrorDetail } from "@wdata-prep/core";
import type { MockAnswer } from "./MockAnswer.ts";

/** An error answer with a `SingleError` body whose `code` is the HTTP status. */
export function errorAnswer(
  status: number,
  message: string,
  extra: { headers?: Record<string, string>; details?: ErrorDetail[] } = {},
): MockAnswer {
  const body = extra.details
    ? { body: message, code: status, details: extra.details }
    : { body: message, code: status };
  return extra.headers ? { status, body, headers: extra.headers } : { status, body };
}
