import type { Connection } from "@wdata-prep/core";
import { PrepApiError } from "../PrepApiError.ts";
import { describeBody } from "./describeBody.ts";
import { parseJson } from "./parseJson.ts";

/**
 * The connection in the `{ body, code }` envelope of a success response. Throws a
 * `PrepApiError` naming the content type and the first characters when the body is not that
 * envelope, such as a login page from a proxy or an empty body.
 */
export function unwrapConnection({ status, headers }: Response, text: string): Connection {
  const json = parseJson(text);
  const { body } = Object(json);
  if (typeof body === "object" && body && !Array.isArray(body)) return body;
  const message = `${status} response is not a connection envelope (${describeBody(text, headers)})`;
  throw new PrepApiError(status, json ?? text, headers, message);
}
