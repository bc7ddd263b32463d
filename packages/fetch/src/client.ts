import type { Connection, operations, paths } from "@wdata-prep/core";
import createClient, { type Client } from "openapi-fetch";
import { sendWithCredentials } from "./auth.ts";
import { type GetConnectionOptions, getConnection } from "./connections.ts";
import { withEnvDefaults } from "./env.ts";
import { type PrepClientOptions, resolveConfig } from "./options.ts";
import { sendRequest } from "./send.ts";

/** A client of the Wdata Prep API, made by `createPrepClient`. */
export interface PrepClient {
  /**
   * Gets the details of a connection. Rejects with a `PrepError` subclass: a `PrepApiError`
   * (such as `NotFoundError`) for an error response, `PrepConnectionError`, `PrepTimeoutError`
   * or `PrepAbortError` when no response came, and `PrepError` for bad input, before any request.
   */
  getConnection(
    connectionId: operations["getConnection"]["parameters"]["path"]["connectionId"],
    options?: GetConnectionOptions,
  ): Promise<Connection>;
  /**
   * The underlying openapi-fetch client, typed by the API's paths, with the same base URL,
   * headers, token, retries and time limits. It resolves to `{ data, error, response }` for
   * any status, and throws `PrepConnectionError`, `PrepTimeoutError` or `PrepAbortError`.
   */
  readonly raw: Client<paths>;
  /**
   * The base URL of the API this client calls, without a trailing slash, such as
   * `"https://h.eu.wdesk.com/s/wdata/prep"`: from `baseUrl`, else from `region`. It tells
   * clients of different APIs apart, in a cache key say, and never holds a credential.
   */
  readonly baseUrl: string;
}

/**
 * Creates a client of the Wdata Prep API. Throws a `PrepError` at once for a bad option. In
 * Node, options left out are read from environment variables (see the README).
 *
 * @example
 * const prep = createPrepClient({ region: "eu", token });
 * const connection = await prep.getConnection(connectionId);
 */
export function createPrepClient(options: PrepClientOptions = {}): PrepClient {
  const { region, clientCredentials, send, ...clientOptions } = resolveConfig(
    withEnvDefaults(options),
  );
  if (clientCredentials) sendWithCredentials(send, clientCredentials, region);
  const { baseUrl } = clientOptions;
  const raw = createClient<paths>({
    ...clientOptions,
    // A redirect is answered as it is, never followed: the token must not go anywhere else.
    redirect: "manual",
    fetch: (request) => sendRequest(request, send),
  });
  return {
    getConnection: (connectionId, options) => getConnection(raw, send, connectionId, options),
    raw,
    baseUrl,
  };
}
