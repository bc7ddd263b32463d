import type { Connection, operations, paths } from "@wdata-prep/core";
import type { Client } from "openapi-fetch";
import type { GetConnectionOptions } from "./GetConnectionOptions.ts";

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
}
