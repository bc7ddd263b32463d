import type { ErrorDetail, ErrorResponse } from "@wdata-prep/core";
import { describeBody } from "./internal/describeBody.ts";
import { PrepError } from "./PrepError.ts";

/**
 * The API answered with an error status, or with a success that is not the JSON envelope the
 * API promises. Each documented error status has its own subclass, such as `NotFoundError`.
 */
export class PrepApiError extends PrepError {
  override name = "PrepApiError";
  /** The HTTP status of the response. */
  declare readonly status: number;
  /** The `code` of the error body, when it has one. */
  declare readonly code: ErrorResponse["code"] | undefined;
  /** The `details` of the error body, when it has them. */
  declare readonly details: ErrorDetail[] | undefined;
  /** The response body: parsed JSON, or the raw text when it is not JSON. */
  declare readonly body: unknown;
  /** The response headers, with any `authorization` value redacted. */
  declare readonly headers: Headers;
  /** The `x-request-id` response header, when present: quote it to Workiva support. */
  declare readonly requestId: string | undefined;

  /**
   * @param status The HTTP status.
   * @param body The response body: parsed JSON, or the raw text when it is not JSON.
   * @param headers The response headers; an `authorization` value is redacted.
   * @param message The message; by default the status and the server's message.
   */
  constructor(status: number, body: unknown, headers?: Headers, message?: string) {
    const redacted = new Headers(headers);
    if (redacted.has("authorization")) redacted.set("authorization", "[redacted]");
    super(message ?? `${status} ${describeBody(body, redacted)}`);
    const { code, details } = Object(body);
    Object.assign(this, {
      status,
      code: typeof code === "number" ? code : undefined,
      details: Array.isArray(details) ? details : undefined,
      body,
      headers: redacted,
      requestId: redacted.get("x-request-id") ?? undefined,
    });
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), headers: Object.fromEntries(this.headers) };
  }
}
