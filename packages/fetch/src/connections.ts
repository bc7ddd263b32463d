import {
  type Connection,
  type operations,
  type paths,
  WORKSPACE_ID_MAX_LENGTH,
} from "@wdata-prep/core";
import type { Client } from "openapi-fetch";
import { createApiError, describeBody, PrepApiError, parseBody, property } from "./errors.ts";
import { check, checkLimits, isFilled } from "./options.ts";
import { type SendConfig, sendWithRetries } from "./send.ts";

// The connection operations of a client: checking what the caller gives, sending it through
// the openapi-fetch client, and reading the response envelope.

/** Options of one `getConnection` call. */
export interface GetConnectionOptions {
  /**
   * The ID of the workspace the connection belongs to, at most 40 characters.
   * @default undefined (no `workspaceId` query parameter)
   */
  workspaceId?: NonNullable<operations["getConnection"]["parameters"]["query"]>["workspaceId"];
  /**
   * Aborts the call: it rejects at once with a `PrepAbortError`, and is not retried.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * The time limit of each attempt of this call, in milliseconds.
   * @default the client's `timeoutMs`
   */
  timeoutMs?: number;
  /**
   * How many times this call may be retried.
   * @default the client's `maxRetries`
   */
  maxRetries?: number;
}

/**
 * Gets the details of a connection through `raw`, sent as the client's `send` says unless the
 * call's options override its limits. Checks the IDs before any request.
 */
export async function getConnection(
  raw: Client<paths>,
  send: SendConfig,
  connectionId: operations["getConnection"]["parameters"]["path"]["connectionId"],
  options: GetConnectionOptions = {},
): Promise<Connection> {
  const { workspaceId } = options;
  check(
    isFilled(connectionId) &&
      // The ID is one path segment: "." and ".." would change the path.
      connectionId !== "." &&
      connectionId !== "..",
    'connectionId must be a non-blank, well-formed string (no lone surrogate), not "." or ".."',
  );
  check(
    workspaceId === undefined ||
      (isFilled(workspaceId) &&
        // Counted in code points, as the spec's `maxLength` counts.
        [...workspaceId].length <= WORKSPACE_ID_MAX_LENGTH),
    `workspaceId must be a non-blank, well-formed string of at most ${WORKSPACE_ID_MAX_LENGTH} characters`,
  );
  const config = checkLimits(options, send);
  // Each attempt is one call of openapi-fetch, which builds the request with the attempt's
  // signal and reads the body once.
  const { data, error, response } = await sendWithRetries(
    (fetch, signal) =>
      raw.GET("/api/v1/connections/{connectionId}", {
        params: { path: { connectionId }, query: { workspaceId } },
        signal,
        parseAs: "text",
        fetch,
      }),
    config,
    { signal: options.signal, idempotent: true },
  );
  return readConnection(response, data, error);
}

/**
 * The connection in the `{ body, code }` envelope of a response read as text. Throws the
 * `PrepApiError` subclass of an error status, or a `PrepApiError` naming the content type and
 * the first characters when a success is not that envelope, such as a proxy's login page or an
 * empty body.
 */
function readConnection(
  { ok, status, headers }: Response,
  data = "",
  error: unknown = "",
): Connection {
  if (!ok) throw createApiError(status, error, headers);
  const json = parseBody(data);
  const connection = property(json, "body");
  if (typeof connection === "object" && connection !== null && !Array.isArray(connection)) {
    return connection as Connection;
  }
  throw new PrepApiError(
    status,
    json,
    headers,
    `${status} response is not a connection envelope (${describeBody(data, headers)})`,
  );
}
