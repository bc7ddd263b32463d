import type { Client } from "openapi-fetch";
import { sendWithCredentials } from "./auth.ts";
import {
  type GetConnectionOptions,
  type GetRefreshBatchStatusOptions,
  type GetRefreshStatusOptions,
  getConnection,
  getRefreshBatchStatus,
  getRefreshStatus,
  type ListConnectionsOptions,
  type ListConnectionsParams,
  listPage,
  type RefreshBatchOptions,
  type RequestOptions,
  refreshBatch,
  refreshConnection,
} from "./connections.ts";
import { withEnvDefaults } from "./env.ts";
import { type RefreshManyOptions, type RefreshManyResult, refreshMany } from "./many.ts";
import { checkOptions, type PrepClientOptions, resolveConfig } from "./options.ts";
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
import type { PrepPromise } from "./promise.ts";
import { createApiClients } from "./raw.ts";
import type {
  Connection,
  ConnectionRun,
  paths,
  RefreshBatch,
  RefreshBatchRequest,
  RefreshConnection,
} from "./types.ts";

/**
 * A client of the Wdata Prep API, made by `createPrepClient`. Each method returns a
 * `PrepPromise`, whose `withResponse()` also gives the response, and rejects with a `PrepError`
 * subclass: a `PrepApiError` (such as `NotFoundError`) for an error response,
 * `PrepConnectionError` (or `PrepConnectionTimeoutError`) or `PrepAbortError` when no response
 * came, and `PrepError` itself for bad input, before any request.
 */
export interface PrepClient {
  /** Gets the details of a connection. */
  getConnection(connectionId: string, options?: GetConnectionOptions): PrepPromise<Connection>;
  /**
   * Lists connections, filtered by source or destination: a promise of the first page (a
   * `ConnectionPage`), requested when first awaited; iterated with `for await`, every
   * connection, page after page; `.pages()`, every page.
   *
   * @example
   * for await (const connection of prep.listConnections({ destinationType: "spreadsheet", destinationId })) {
   *   console.log(connection.connectionId, connection.name);
   * }
   */
  listConnections(query?: ListConnectionsParams, options?: ListConnectionsOptions): ConnectionList;
  /**
   * Starts a run of a connection and resolves with it, `not_started` (follow it by its `jobId`).
   * Never sent twice once it may have reached the server.
   */
  refreshConnection(
    connectionId: string,
    body?: RefreshConnection,
    options?: RequestOptions,
  ): PrepPromise<ConnectionRun>;
  /** Gets a run of a connection: the one with `jobId`, else the latest. */
  getRefreshStatus(
    connectionId: string,
    options?: GetRefreshStatusOptions,
  ): PrepPromise<ConnectionRun>;
  /**
   * Starts a run of each connection of `items` (1 to 100, writing into one workbook) as a
   * batch, and resolves with it. Never sent twice once it may have reached the server.
   */
  refreshBatch(
    items: RefreshBatchRequest,
    options?: RefreshBatchOptions,
  ): PrepPromise<RefreshBatch>;
  /** Gets a batch, with the run of each of its connections in `childRefreshes`. */
  getRefreshBatchStatus(
    batchId: string,
    options?: GetRefreshBatchStatusOptions,
  ): PrepPromise<RefreshBatch>;
  /**
   * Waits for the run `jobId` of a connection to finish, polling its status. Resolves with the
   * run when it completes; rejects with a `PrepRunError` when it ends in error or cancelled,
   * and with a `PrepWaitTimeoutError` at the deadline (`deadlineMs`, 10 minutes by default).
   */
  waitForRefresh(connectionId: string, options: WaitForRefreshOptions): PrepPromise<ConnectionRun>;
  /**
   * Starts a run of a connection, then waits for it to finish, as `waitForRefresh` does. Once
   * the run has started, every error carries its `jobId`, and `onProgress` hears it first.
   *
   * @example
   * try {
   *   const run = await prep.refreshAndWait(connectionId, undefined, {
   *     deadlineMs: 5 * 60_000,
   *     onProgress: (run) => console.log(run.sourceStatus, run.destinationStatus),
   *   });
   *   console.log(`run ${run.jobId} complete`);
   * } catch (error) {
   *   if (error instanceof PrepRunError) console.error(error.outcome, error.run.error);
   *   else throw error;
   * }
   */
  refreshAndWait(
    connectionId: string,
    body?: RefreshConnection,
    options?: RefreshAndWaitOptions,
  ): PrepPromise<ConnectionRun>;
  /**
   * Waits for a batch to finish, polling its status. Resolves with the batch when it
   * completes; rejects with a `PrepBatchError` when it ends in error or cancelled, and with a
   * `PrepWaitTimeoutError` at the deadline.
   */
  waitForBatch(batchId: string, options?: WaitForBatchOptions): PrepPromise<RefreshBatch>;
  /**
   * Starts a batch, then waits for it to finish, as `waitForBatch` does. Once the batch has
   * started, every error carries its `batchId`, and `onProgress` hears it first.
   */
  refreshBatchAndWait(
    items: RefreshBatchRequest,
    options?: RefreshBatchAndWaitOptions,
  ): PrepPromise<RefreshBatch>;
  /**
   * Refreshes many connections: those writing into one destination as batches (of at most
   * 100), a lone one on its own, a few started at once, every run followed by one poll loop
   * that keeps within the client's `maxRequestsPerSecond`. `connections` are IDs, looked up
   * first to learn where each writes, or `Connection`s, such as those of `listConnections`.
   * Resolves with one result per connection, in their order: how its run ended, or why it
   * never started. It never rejects because a run failed; it throws a `PrepError` for a bad
   * argument before any request, and rejects with a `PrepAbortError` when `signal` aborts.
   * A plain `Promise`: it has no one response for `withResponse()`.
   *
   * @example
   * const connections: Connection[] = [];
   * for await (const connection of prep.listConnections({ destinationType: "spreadsheet", destinationId })) {
   *   connections.push(connection);
   * }
   * const results = await prep.refreshMany(connections, { deadlineMs: 15 * 60_000 });
   * for (const { connectionId, outcome, error } of results) {
   *   if (outcome !== "complete") console.error(connectionId, outcome, error?.message);
   * }
   */
  refreshMany(
    connections: readonly (string | Connection)[],
    options?: RefreshManyOptions,
  ): Promise<RefreshManyResult[]>;
  /**
   * The underlying openapi-fetch client, typed by the API's paths, with the same base URL,
   * headers, token, retries and time limits. It resolves to `{ data, error, response }` for
   * any status, and throws `PrepConnectionError` (or `PrepConnectionTimeoutError`) or
   * `PrepAbortError`. Middleware added with `raw.use()` runs once per attempt, for the typed
   * methods too.
   */
  readonly raw: Client<paths>;
  /**
   * The base URL of the API this client calls, without a trailing slash, such as
   * `"https://h.eu.wdesk.com/s/wdata/prep"` (from `baseUrl`, else from `region`), or a path
   * such as `"/prep"` as given. It never holds a credential.
   */
  readonly baseUrl: string;
  /**
   * Which API the client's data comes from, for caches: the `cacheScope` option, else
   * `baseUrl`. It never holds a credential.
   */
  readonly cacheScope: string;
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
  checkOptions(options);
  const config = resolveConfig(withEnvDefaults(options));
  const { region, clientCredentials, send, baseUrl, resolveBaseUrl, cacheScope, secrets } = config;
  if (clientCredentials) sendWithCredentials(send, clientCredentials, region, secrets);
  const { openapi, raw } = createApiClients(config);
  const api = { openapi, send, resolveBaseUrl, authorizes: send.token !== undefined, secrets };
  const prep: PrepClient = {
    getConnection: (connectionId, options) => getConnection(api, connectionId, options),
    listConnections: (query, options = {}) =>
      createConnectionList((page) => listPage(api, page, options), query, options?.maxPages),
    refreshConnection: (connectionId, body, options) =>
      refreshConnection(api, connectionId, body, options),
    getRefreshStatus: (connectionId, options) => getRefreshStatus(api, connectionId, options),
    refreshBatch: (items, options) => refreshBatch(api, items, options),
    getRefreshBatchStatus: (batchId, options) => getRefreshBatchStatus(api, batchId, options),
    waitForRefresh: (connectionId, options) => waitForRefresh(waiter, connectionId, options),
    refreshAndWait: (connectionId, body, options) =>
      refreshAndWait(waiter, connectionId, body, options),
    waitForBatch: (batchId, options) => waitForBatch(waiter, batchId, options),
    refreshBatchAndWait: (items, options) => refreshBatchAndWait(waiter, items, options),
    refreshMany: (connections, options) => refreshMany(many, connections, options),
    raw,
    baseUrl,
    cacheScope,
  };
  // The waits send their requests through the client's own methods.
  const waiter = { prep, log: send.log, secrets };
  const { authorizes } = api;
  const many = { ...waiter, requestsPerSecond: send.budget?.requestsPerSecond, authorizes };
  return prep;
}
