import {
  type Connection,
  type ConnectionRun,
  LIST_CONNECTIONS_LIMIT_MAX,
  LIST_CONNECTIONS_LIMIT_MIN,
  type ListConnectionsQuery,
  type operations,
  type paths,
  REFRESH_BATCH_MAX_ITEMS,
  REFRESH_BATCH_MIN_ITEMS,
  type RefreshBatch,
  type RefreshBatchRequest,
  type RefreshConnection,
  WORKSPACE_ID_MAX_LENGTH,
} from "@wdata-prep/core";
import type { Client } from "openapi-fetch";
import { createApiError, describeBody, PrepApiError, parseBody, property } from "./errors.ts";
import { check, checkLimits, isFilled } from "./options.ts";
import { type SendConfig, sendWithRetries } from "./send.ts";

// The operations of the connections family, one request each: checking what the caller gives
// before any request, sending it through the openapi-fetch client, and reading the response
// envelope. Paging is in `pagination.ts`, waiting for a run in `polling.ts`.

/** The options every call takes: its signal, and its own time limit and retries. */
export interface RequestOptions {
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

/** The query parameters of the operation `name`, as the spec gives them. */
type Query<Name extends keyof operations> = NonNullable<operations[Name]["parameters"]["query"]>;

/** Options of one `getConnection` call. */
export interface GetConnectionOptions extends RequestOptions {
  /**
   * The ID of the workspace the connection belongs to, at most 40 characters.
   * @default undefined (no `workspaceId` query parameter)
   */
  workspaceId?: Query<"getConnection">["workspaceId"];
}

/**
 * The filters and paging of `listConnections` (core's `ListConnectionsQuery`), with each type
 * filter tied to its ID: `sourceType` needs `sourceId`, and `destinationType` needs
 * `destinationId`.
 */
export type ListConnectionsParams = Omit<ListConnectionsQuery, "sourceType" | "destinationType"> &
  (
    | { sourceType?: undefined }
    | { sourceType: NonNullable<ListConnectionsQuery["sourceType"]>; sourceId: string }
  ) &
  (
    | { destinationType?: undefined }
    | {
        destinationType: NonNullable<ListConnectionsQuery["destinationType"]>;
        destinationId: string;
      }
  );

/** Options of one `getRefreshStatus` call. */
export interface GetRefreshStatusOptions extends RequestOptions {
  /**
   * The `jobId` of the run to get, such as the one `refreshConnection` started.
   * @default undefined (the latest run of the connection, which may be another caller's)
   */
  jobId?: Query<"getRefreshStatus">["jobId"];
  /**
   * The ID of the workspace of the connection, at most 40 characters.
   * @default undefined (no `workspaceId` query parameter)
   */
  workspaceId?: Query<"getRefreshStatus">["workspaceId"];
}

/** Options of one `refreshBatch` call. */
export interface RefreshBatchOptions extends RequestOptions {
  /**
   * Cancel each child whose destination cannot be written, on its own, instead of having the
   * whole batch refused.
   * @default undefined (not sent: the API's own default)
   */
  cancelUnwritables?: Query<"refreshBatch">["cancelUnwritables"];
}

/** Options of one `getRefreshBatchStatus` call. */
export interface GetRefreshBatchStatusOptions extends RequestOptions {
  /**
   * The ID of a workspace of the batch's runs, at most 40 characters.
   * @default undefined (no `workspaceId` query parameter)
   */
  workspaceId?: Query<"getRefreshBatchStatus">["workspaceId"];
}

/** How to send the requests of one client: its openapi-fetch client and its `send`. */
export interface Api {
  raw: Client<paths>;
  send: SendConfig;
}

/**
 * Throws a `PrepError` unless `value` can be the ID `name` in a path: a non-blank, well-formed
 * string, and not "." or "..", which would change the path.
 */
function checkId(value: unknown, name: string): asserts value is string {
  check(
    isFilled(value) && value !== "." && value !== "..",
    `${name} must be a non-blank, well-formed string (no lone surrogate), not "." or ".."`,
  );
}

/** Throws a `PrepError` unless `value` is absent or a workspace ID the API accepts. */
export function checkWorkspaceId(value: unknown, name = "workspaceId"): void {
  check(
    value === undefined ||
      (isFilled(value) &&
        // Counted in code points, as the spec's `maxLength` counts.
        [...value].length <= WORKSPACE_ID_MAX_LENGTH),
    `${name} must be a non-blank, well-formed string of at most ${WORKSPACE_ID_MAX_LENGTH} characters`,
  );
}

/** Throws a `PrepError` unless `value` is absent or a non-blank, well-formed string. */
function checkOptional(value: unknown, name: string): void {
  check(value === undefined || isFilled(value), `${name} must be a non-blank, well-formed string`);
}

/** Throws a `PrepError` unless `value` is absent or a whole number from `min` to `max`. */
function checkWhole(value: unknown, name: string, min: number, max: number): void {
  check(
    value === undefined ||
      (Number.isInteger(value) && Number(value) >= min && Number(value) <= max),
    `${name} must be a whole number from ${min} to ${max}, not ${value}`,
  );
}

/** Throws a `PrepError` unless `body` is a `RefreshConnection` the API can take. */
function checkRefresh(body: RefreshConnection, name: string, pathId?: string): void {
  check(
    typeof body === "object" && body !== null && !Array.isArray(body),
    `${name} must be an object (a RefreshConnection)`,
  );
  const { connectionId } = body;
  if (pathId === undefined) checkId(connectionId, `${name}.connectionId`);
  else {
    // The API does not say which ID wins when the body names another connection than the path.
    check(
      connectionId === undefined || connectionId === pathId,
      `${name}.connectionId must be the connectionId of the path, or left out`,
    );
  }
  checkWorkspaceId(body.workspaceId, `${name}.workspaceId`);
}

/** Gets the details of a connection. Checks the IDs before any request. */
export async function getConnection(
  { raw, send }: Api,
  connectionId: operations["getConnection"]["parameters"]["path"]["connectionId"],
  options: GetConnectionOptions = {},
): Promise<Connection> {
  const { workspaceId } = options;
  checkId(connectionId, "connectionId");
  checkWorkspaceId(workspaceId);
  const envelope = await requestEnvelope(
    send,
    options,
    { what: "connection", idempotent: true },
    (init) =>
      raw.GET("/api/v1/connections/{connectionId}", {
        params: { path: { connectionId }, query: { workspaceId } },
        ...init,
      }),
  );
  return envelope.body as Connection;
}

/**
 * Gets one page of connections: its items and the cursor as the API gave it (`pagination.ts`
 * decides whether it names a next page). Checks the query before any request.
 */
export async function listPage(
  { raw, send }: Api,
  query: ListConnectionsParams,
  options: RequestOptions,
): Promise<{ items: Connection[]; cursor: unknown }> {
  // JavaScript callers may pass anything: it is reported like a bad filter.
  check(
    typeof query === "object" && query !== null,
    "The query of listConnections must be an object",
  );
  const { sourceType, sourceId, destinationType, destinationId, cursor, limit, offset } = query;
  checkOptional(sourceId, "sourceId");
  checkOptional(destinationId, "destinationId");
  check(sourceType === undefined || sourceId !== undefined, "sourceType needs a sourceId");
  check(
    destinationType === undefined || destinationId !== undefined,
    "destinationType needs a destinationId",
  );
  checkOptional(cursor, "cursor");
  checkWhole(limit, "limit", LIST_CONNECTIONS_LIMIT_MIN, LIST_CONNECTIONS_LIMIT_MAX);
  checkWhole(offset, "offset", 0, Number.MAX_SAFE_INTEGER);
  const page = await requestEnvelope(
    send,
    options,
    { what: "connection page", idempotent: true, list: true },
    (init) => raw.GET("/api/v1/connections", { params: { query }, ...init }),
  );
  return { items: page.body as Connection[], cursor: page.cursor };
}

/**
 * Starts a run of a connection. Never sent twice once it may have reached the server: there is
 * no idempotency key, and a second request would start a second run.
 */
export async function refreshConnection(
  { raw, send }: Api,
  connectionId: string,
  body: RefreshConnection = {},
  options: RequestOptions = {},
): Promise<ConnectionRun> {
  checkId(connectionId, "connectionId");
  checkRefresh(body, "The refresh body", connectionId);
  const envelope = await requestEnvelope(
    send,
    options,
    { what: "run", idempotent: false },
    (init) =>
      raw.POST("/api/v1/connections/{connectionId}/refresh", {
        params: { path: { connectionId } },
        body,
        ...init,
      }),
  );
  return envelope.body as ConnectionRun;
}

/** Gets a run of a connection: the one with `jobId`, else the latest. */
export async function getRefreshStatus(
  { raw, send }: Api,
  connectionId: string,
  options: GetRefreshStatusOptions = {},
): Promise<ConnectionRun> {
  const { jobId, workspaceId } = options;
  checkId(connectionId, "connectionId");
  checkOptional(jobId, "jobId");
  checkWorkspaceId(workspaceId);
  const envelope = await requestEnvelope(send, options, { what: "run", idempotent: true }, (init) =>
    raw.GET("/api/v1/connections/{connectionId}/status", {
      params: { path: { connectionId }, query: { jobId, workspaceId } },
      ...init,
    }),
  );
  return envelope.body as ConnectionRun;
}

/**
 * Starts a run of each connection of `items`, as one batch. Checks every item before any
 * request, and, like `refreshConnection`, is never sent twice once it may have reached the
 * server.
 */
export async function refreshBatch(
  { raw, send }: Api,
  items: RefreshBatchRequest,
  options: RefreshBatchOptions = {},
): Promise<RefreshBatch> {
  const { cancelUnwritables } = options;
  check(
    Array.isArray(items) &&
      items.length >= REFRESH_BATCH_MIN_ITEMS &&
      items.length <= REFRESH_BATCH_MAX_ITEMS,
    `A batch must be an array of ${REFRESH_BATCH_MIN_ITEMS} to ${REFRESH_BATCH_MAX_ITEMS} items, not ${Array.isArray(items) ? items.length : typeof items}`,
  );
  items.forEach((item, index) => {
    checkRefresh(item, `items[${index}]`);
  });
  check(
    cancelUnwritables === undefined || typeof cancelUnwritables === "boolean",
    "cancelUnwritables must be true or false",
  );
  const envelope = await requestEnvelope(
    send,
    options,
    { what: "batch", idempotent: false },
    (init) =>
      raw.POST("/api/v1/connections/batch/refresh", {
        params: { query: { cancelUnwritables } },
        body: items,
        ...init,
      }),
  );
  return envelope.body as RefreshBatch;
}

/** Gets a batch, with each of its runs. */
export async function getRefreshBatchStatus(
  { raw, send }: Api,
  batchId: string,
  options: GetRefreshBatchStatusOptions = {},
): Promise<RefreshBatch> {
  const { workspaceId } = options;
  checkId(batchId, "batchId");
  checkWorkspaceId(workspaceId);
  const envelope = await requestEnvelope(
    send,
    options,
    { what: "batch", idempotent: true },
    (init) =>
      raw.GET("/api/v1/connections/batch/refresh/{batchId}", {
        params: { path: { batchId }, query: { workspaceId } },
        ...init,
      }),
  );
  return envelope.body as RefreshBatch;
}

/** What each openapi-fetch call of an operation takes from its attempt. */
interface AttemptInit {
  signal: AbortSignal | undefined;
  fetch: (request: Request) => Promise<Response>;
  /** The body is read as text once, and `readEnvelope` parses it. */
  parseAs: "text";
}

/** What `requestEnvelope` must know of an operation. */
interface Operation {
  /** The body of its envelope, for an error message, such as "run". */
  what: string;
  /** Whether it may be sent again after any failed attempt: a GET. */
  idempotent: boolean;
  /** Whether the body of its envelope is a list. */
  list?: boolean;
}

/**
 * Sends the request of one operation with the call's time limit, retries and signal (checked
 * here), and reads its envelope. Each attempt is one call of openapi-fetch, `request`, which
 * builds the request with the attempt's signal and fetch, and reads the body once.
 */
async function requestEnvelope(
  send: SendConfig,
  options: RequestOptions,
  { what, idempotent, list = false }: Operation,
  request: (init: AttemptInit) => Promise<{ data?: string; error?: unknown; response: Response }>,
): Promise<{ body: unknown; cursor?: unknown }> {
  const { data, error, response } = await sendWithRetries(
    (fetch, signal) => request({ signal, fetch, parseAs: "text" }),
    checkLimits(options, send),
    { signal: options.signal, idempotent },
  );
  return readEnvelope(response, data, error, what, list);
}

/**
 * The `{ body, code }` envelope of a response read as text, its `body` an object (or, for a
 * `list`, an array); `what` names the body, such as "run". Throws the `PrepApiError` subclass
 * of an error status, or a `PrepApiError` naming the content type and the first characters
 * when a success is not that envelope, such as a proxy's login page or an empty body.
 */
function readEnvelope(
  { ok, status, headers }: Response,
  data = "",
  error: unknown = "",
  what: string,
  list = false,
): { body: unknown; cursor?: unknown } {
  if (!ok) throw createApiError(status, error, headers);
  const json = parseBody(data);
  const body = property(json, "body");
  if (typeof body === "object" && body !== null && Array.isArray(body) === list) {
    return json as { body: unknown };
  }
  throw new PrepApiError(
    status,
    json,
    headers,
    `${status} response is not a ${what} envelope (${describeBody(data, headers)})`,
  );
}
