import type {
  Connection,
  ConnectionRun,
  operations,
  paths,
  RefreshBatch,
  RefreshBatchRequest,
  RefreshConnection,
} from "@wdata-prep/core";
import createClient, { type Client } from "openapi-fetch";
import { sendWithCredentials } from "./auth.ts";
import {
  type GetConnectionOptions,
  type GetRefreshBatchStatusOptions,
  type GetRefreshStatusOptions,
  getConnection,
  getRefreshBatchStatus,
  getRefreshStatus,
  type ListConnectionsParams,
  listPage,
  type RefreshBatchOptions,
  type RequestOptions,
  refreshBatch,
  refreshConnection,
} from "./connections.ts";
import { withEnvDefaults } from "./env.ts";
import { type PrepClientOptions, resolveConfig } from "./options.ts";
import { type ConnectionList, createConnectionList } from "./pagination.ts";
import {
  type RefreshAndWaitOptions,
  type RefreshBatchAndWaitOptions,
  refreshAndWait,
  refreshBatchAndWait,
  type WaitForBatchOptions,
  type WaitForRefreshOptions,
  waitForBatch,
  waitForRefresh,
} from "./polling.ts";
import { sendRequest } from "./send.ts";

/**
 * A client of the Wdata Prep API, made by `createPrepClient`. Each method rejects with a
 * `PrepError` subclass: a `PrepApiError` (such as `NotFoundError`) for an error response,
 * `PrepConnectionError`, `PrepTimeoutError` or `PrepAbortError` when no response came, and
 * `PrepError` itself for bad input, before any request.
 */
export interface PrepClient {
  /** Gets the details of a connection. */
  getConnection(
    connectionId: operations["getConnection"]["parameters"]["path"]["connectionId"],
    options?: GetConnectionOptions,
  ): Promise<Connection>;
  /**
   * Lists connections, filtered by source or destination. Nothing is requested until the
   * result is awaited (the first page, a `ConnectionPage`) or iterated with `for await` (every
   * connection, page after page; `.pages()` gives every page).
   */
  listConnections(query?: ListConnectionsParams, options?: RequestOptions): ConnectionList;
  /**
   * Starts a run of a connection and resolves with it, `not_started` (follow it by its `jobId`).
   * Never sent twice once it may have reached the server.
   */
  refreshConnection(
    connectionId: string,
    body?: RefreshConnection,
    options?: RequestOptions,
  ): Promise<ConnectionRun>;
  /** Gets a run of a connection: the one with `jobId`, else the latest. */
  getRefreshStatus(connectionId: string, options?: GetRefreshStatusOptions): Promise<ConnectionRun>;
  /**
   * Starts a run of each connection of `items` (1 to 100, writing into one workbook) as a
   * batch, and resolves with it. Never sent twice once it may have reached the server.
   */
  refreshBatch(items: RefreshBatchRequest, options?: RefreshBatchOptions): Promise<RefreshBatch>;
  /** Gets a batch, with the run of each of its connections in `childRefreshes`. */
  getRefreshBatchStatus(
    batchId: string,
    options?: GetRefreshBatchStatusOptions,
  ): Promise<RefreshBatch>;
  /**
   * Waits for the run `jobId` of a connection to finish, polling its status. Resolves with the
   * run when it completes; rejects with a `PrepRunError` when it ends in error or cancelled,
   * and with a `PrepTimeoutError` at the deadline (`timeoutMs`, 10 minutes by default).
   */
  waitForRefresh(connectionId: string, options: WaitForRefreshOptions): Promise<ConnectionRun>;
  /**
   * Starts a run of a connection, then waits for it to finish, as `waitForRefresh` does. Once
   * the run has started, an error names its `jobId`, and `onProgress` hears it first.
   */
  refreshAndWait(
    connectionId: string,
    body?: RefreshConnection,
    options?: RefreshAndWaitOptions,
  ): Promise<ConnectionRun>;
  /**
   * Waits for a batch to finish, polling its status. Resolves with the batch when it
   * completes; rejects with a `PrepRunError` whose `run` is the batch when it ends in error or
   * cancelled, and with a `PrepTimeoutError` at the deadline.
   */
  waitForBatch(batchId: string, options?: WaitForBatchOptions): Promise<RefreshBatch>;
  /**
   * Starts a batch, then waits for it to finish, as `waitForBatch` does. Once the batch has
   * started, an error names its `batchRefreshId`, and `onProgress` hears it first.
   */
  refreshBatchAndWait(
    items: RefreshBatchRequest,
    options?: RefreshBatchAndWaitOptions,
  ): Promise<RefreshBatch>;
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
  const api = { raw, send };
  const prep: PrepClient = {
    getConnection: (connectionId, options) => getConnection(api, connectionId, options),
    listConnections: (query, options = {}) =>
      createConnectionList((page) => listPage(api, page, options), query),
    refreshConnection: (connectionId, body, options) =>
      refreshConnection(api, connectionId, body, options),
    getRefreshStatus: (connectionId, options) => getRefreshStatus(api, connectionId, options),
    refreshBatch: (items, options) => refreshBatch(api, items, options),
    getRefreshBatchStatus: (batchId, options) => getRefreshBatchStatus(api, batchId, options),
    waitForRefresh: (connectionId, options) => waitForRefresh(prep, connectionId, options),
    refreshAndWait: (connectionId, body, options) =>
      refreshAndWait(prep, connectionId, body, options),
    waitForBatch: (batchId, options) => waitForBatch(prep, batchId, options),
    refreshBatchAndWait: (items, options) => refreshBatchAndWait(prep, items, options),
    raw,
    baseUrl,
  };
  return prep;
}
