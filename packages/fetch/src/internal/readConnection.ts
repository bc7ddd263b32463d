import type { Connection } from "@wdata-prep/core";
import { createApiError, describeBody, PrepApiError } from "../errors.ts";
import { parseJson } from "./parseJson.ts";

/**
 * The connection in the `{ body, code }` envelope of a response read as text. Throws the
 * `PrepApiError` subclass of an error status, or a `PrepApiError` naming the content type and
 * the first characters when a success is not that envelope, such as a proxy's login page or an
 * empty body.
 */
export function readConnection({
  data = "",
  error = "",
  response: { ok, status, headers },
}: {
  data?: string | undefined;
  error?: unknown;
  response: Response;
}): Connection {
  const json = parseJson(data);
  const { body } = Object(json);
  if (ok && typeof body === "object" && body && !Array.isArray(body)) return body;
  throw ok
    ? new PrepApiError(
        status,
        json ?? data,
        headers,
        `${status} response is not a connection envelope (${describeBody(data, headers)})`,
      )
    : createApiError(status, error, headers);
}
