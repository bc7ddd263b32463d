import {
  DESTINATION_TYPE_FILTERS,
  LIST_CONNECTIONS_LIMIT_MAX,
  LIST_CONNECTIONS_LIMIT_MIN,
  REFRESH_BATCH_MAX_ITEMS,
  REFRESH_BATCH_MIN_ITEMS,
  SOURCE_TYPE_FILTERS,
  WORKSPACE_ID_MAX_LENGTH,
} from "@wdata-prep/core";
import type { Client } from "openapi-fetch";
import {
  createApiError,
  describeBody,
  isPrepError,
  PrepConnectionError,
  PrepConnectionTimeoutError,
  PrepError,
  parseBody,
  property,
  rewritten,
} from "./errors.ts";
import {
  check,
  checkHeaders,
  checkLimits,
  checkOptions,
  checkSignal,
  describeValue,
  isFilled,
  isObject,
} from "./options.ts";
import { type PrepPromise, prepPromise, type Result } from "./promise.ts";
import { sendApiRequest } from "./raw.ts";
import type { Secrets } from "./redact.ts";
import { refuseAuthorization, refusedBeforeSending, type SendConfig } from "./send.ts";
import type {
  Connection,
  ConnectionRun,
  ListConnectionsQuery,
  paths,
  RefreshBatch,
  RefreshBatchRequest,
  RefreshConnection,
} from "./types.ts";

// The operations of the connections family, one request each: checking what the caller gives
// before any request, sending it through openapi-fetch, and reading the response envelope.
// Paging is in `pagination.ts`, waiting for a run in `polling.ts`.

/** The options every call takes: its signal, its own time limit and retries, and headers. */
export interface RequestOptions {
  /**
   * Aborts the call: it rejects at once with a `PrepAbortError`, and is not retried.
   * @default undefined
   */
  signal?: AbortSignal | undefined;
  /**
   * The time limit of each attempt of this call, in milliseconds.
   * @default the client's `timeoutMs`
   */
  timeoutMs?: number | undefined;
  /**
   * How many times this call may be retried.
   * @default the client's `maxRetries`
   */
  maxRetries?: number | undefined;
  /**
   * Headers of this call, sent over the client's `headers`. A client with a `token` or
   * `clientCredentials` refuses an `Authorization` header with a `PrepError`: it sends its own.
   * @default undefined
   */
  headers?: Record<string, string> | undefined;
}

/** Options of one `getConnection` call. */
export interface GetConnectionOptions extends RequestOptions {
  /**
   * The ID of the workspace the connection belongs to, at most 40 characters.
   * @default undefined (no `workspaceId` query parameter)
   */
  workspaceId?: string | undefined;
}

/**
 * The filters and paging of `listConnections` (core's `ListConnectionsQuery`), with each type
 * filter tied to its ID: `sourceType` needs `sourceId`, and `destinationType` needs
 * `destinationId`. Only these parameters are sent: another key is refused with a `PrepError`,
 * and so is a type that core's `SOURCE_TYPE_FILTERS` or `DESTINATION_TYPE_FILTERS` does not
 * hold.
 */
export type ListConnectionsParams = Omit<
  ListConnectionsQuery,
  "sourceType" | "sourceId" | "destinationType" | "destinationId"
> &
  (
    | ({
        /** No filter by source type. */
        sourceType?: undefined;
      } & Pick<ListConnectionsQuery, "sourceId">)
    | ({
        /** Only the connections from sources of this type. */
        sourceType: NonNullable<ListConnectionsQuery["sourceType"]>;
      } & Required<Pick<ListConnectionsQuery, "sourceId">>)
  ) &
  (
    | ({
        /** No filter by destination type. */
        destinationType?: undefined;
      } & Pick<ListConnectionsQuery, "destinationId">)
    | ({
        /** Only the connections to destinations of this type. */
        destinationType: NonNullable<ListConnectionsQuery["destinationType"]>;
      } & Required<Pick<ListConnectionsQuery, "destinationId">>)
  );

/** Options of `listConnections`: those of every call, for each page, and the walk's bound. */
export interface ListConnectionsOptions extends RequestOptions {
  /**
   * The most pages a walk requests, the first included: `nextPage()` on the page numbered
   * `maxPages` (and so a `for await` walk) rejects with a `PrepError` instead of asking for
   * another, so that a server that hands out new cursors forever cannot keep a walk going.
   * @default 100000
   */
  maxPages?: number | undefined;
}

/** Options of one `getRefreshStatus` call. */
export interface GetRefreshStatusOptions extends RequestOptions {
  /**
   * The `jobId` of the run to get, such as the one `refreshConnection` started; without it, the
   * latest run of the connection, which may be another caller's.
   * @default undefined
   */
  jobId?: string | undefined;
  /**
   * The ID of the workspace of the connection, at most 40 characters.
   * @default undefined (no `workspaceId` query parameter)
   */
  workspaceId?: string | undefined;
}

/** Options of one `refreshBatch` call. */
export interface RefreshBatchOptions extends RequestOptions {
  /**
   * Cancel each child whose destination cannot be written, on its own, instead of having the
   * whole batch refused.
   * @default undefined (not sent: the API's own default)
   */
  cancelUnwritables?: boolean | undefined;
}

/** Options of one `getRefreshBatchStatus` call. */
export interface GetRefreshBatchStatusOptions extends RequestOptions {
  /**
   * The ID of a workspace of the batch's runs, at most 40 characters.
   * @default undefined (no `workspaceId` query parameter)
   */
  workspaceId?: string | undefined;
}

/** How the operations of one client send: through its openapi-fetch client, with its `send`. */
export interface Api {
  openapi: Client<paths>;
  send: SendConfig;
  /** Resolves the client's base URL against the page, if it is a path. */
  resolveBaseUrl: (() => string) | undefined;
  /** Whether the client sends its own `Authorization` (from a token or client credentials). */
  authorizes: boolean;
  /** The client's credentials, redacted from every error built from a response. */
  secrets: Secrets;
}

/**
 * Throws a `PrepError` unless `value` can be the ID `name` in a path: a non-blank, well-formed
 * string, and not "." or "..", which would change the path.
 */
export function checkId(value: unknown, name: string): asserts value is string {
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
    `${name} must be a whole number from ${min} to ${max}, not ${describeValue(value)}`,
  );
}

/** Throws a `PrepError` unless `value` is absent or `true` or `false`. */
function checkBoolean(value: unknown, name: string): void {
  check(
    value === undefined || typeof value === "boolean",
    `${name} must be true or false, not ${describeValue(value)}`,
  );
}

/**
 * Throws a `PrepError` unless `value` is absent or one of `types`, the values of the type filter
 * `name` in core (`SOURCE_TYPE_FILTERS`, `DESTINATION_TYPE_FILTERS`). A type the API added since
 * this version is refused too: a newer version of the package knows it.
 */
function checkTypeFilter(value: unknown, name: string, types: readonly string[]): void {
  check(
    value === undefined || types.includes(value as string),
    `${name} must be one of ${types.join(", ")}, not ${describeValue(value)} (a type the API added since is known to a newer version of @wdata-prep/fetch)`,
  );
}

/**
 * `value`, the body of a request named `name`, written as JSON, as openapi-fetch would; throws a
 * `PrepError` naming the first part of it that JSON cannot carry, so that it is refused before
 * any request instead of failing inside it: a bigint, a symbol or a function (which JSON would
 * silently drop), `NaN` or an infinity (which it would write as `null`), an object that holds
 * an object holding it, or a nesting too deep to write.
 */
function toJson(value: unknown, name: string): string {
  /** The name of each object met, such as `body.sourceParameters`, for its children's names. */
  const names = new Map<unknown, string>();
  let at = name;
  const refuse = (reason: string, cause?: unknown) => {
    // A name nested thousands deep is cut short: its start says where.
    const where = at.length > 200 ? `${at.slice(0, 200)}…` : at;
    return new PrepError(`${where} cannot be sent as JSON: ${reason}`, { cause });
  };
  try {
    // `this` is the object or array that holds `item` (for `value`, a wrapper with no name).
    return JSON.stringify(value, function (this: unknown, key: string, item: unknown) {
      const holder = names.get(this);
      if (holder === undefined) at = name;
      else at = Array.isArray(this) ? `${holder}[${key}]` : `${holder}.${key}`;
      const type = typeof item;
      if (type === "bigint" || type === "symbol" || type === "function") {
        throw refuse(`it is a ${type}`);
      }
      if (type === "number" && !Number.isFinite(item)) throw refuse(`it is ${item}`);
      if (type === "object" && item !== null) names.set(item, at);
      return item;
    });
  } catch (error) {
    if (isPrepError(error)) throw error;
    // JSON.stringify throws a RangeError when the nesting is deeper than the stack, and a
    // TypeError on a circular structure (the bigints it would also throw on are refused
    // above). Its error, which may be a `toJSON()`'s, is the `cause`.
    const reason =
      error instanceof RangeError ? "it is nested too deep" : "it holds an object that holds it";
    throw refuse(reason, error);
  }
}

/** Throws a `PrepError` unless `body` is a `RefreshConnection` the API can take. */
function checkRefresh(body: RefreshConnection, name: string, pathId?: string): void {
  check(
    isObject(body),
    `${name} must be an object (a RefreshConnection), not ${describeValue(body)}`,
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
  for (const key of ["sourceParameters", "destinationParameters"] as const) {
    check(
      body[key] === undefined || isObject(body[key]),
      `${name}.${key} must be an object, not ${describeValue(body[key])}`,
    );
  }
  checkBoolean(body.usePreviousSourceParameters, `${name}.usePreviousSourceParameters`);
  checkBoolean(body.usePreviousDestinationParameters, `${name}.usePreviousDestinationParameters`);
}

/** Gets the details of a connection. Checks the IDs before any request. */
export function getConnection(
  api: Api,
  connectionId: string,
  options: GetConnectionOptions = {},
): PrepPromise<Connection> {
  return prepPromise(() => {
    checkId(connectionId, "connectionId");
    checkOptions(options);
    const { workspaceId } = options;
    checkWorkspaceId(workspaceId);
    return requestBody<Connection>(api, options, { what: "connection", idempotent: true }, (init) =>
      api.openapi.GET("/api/v1/connections/{connectionId}", {
        params: { path: { connectionId }, query: { workspaceId } },
        ...init,
      }),
    );
  });
}

/** The query parameters of `listConnections`, as the spec documents them: nothing else is sent. */
const listParameters = [
  "sourceType",
  "sourceId",
  "destinationType",
  "destinationId",
  "cursor",
  "limit",
  "offset",
];

/**
 * Gets one page of connections: its items and the cursor as the API gave it (`pagination.ts`
 * decides whether it names a next page). Checks the query before any request, and sends only
 * its documented parameters: another key, such as `"a=1&limit"`, is refused, never sent.
 */
export async function listPage(
  api: Api,
  query: ListConnectionsParams,
  options: ListConnectionsOptions,
): Promise<Result<{ items: Connection[]; cursor: unknown }>> {
  check(isObject(query), `query must be an object, not ${describeValue(query)}`);
  for (const key of Object.keys(query)) {
    check(
      listParameters.includes(key),
      `query has no parameter ${JSON.stringify(key)}: listConnections takes ${listParameters.join(", ")}`,
    );
  }
  checkOptions(options);
  const { sourceType, sourceId, destinationType, destinationId, cursor, limit, offset } = query;
  checkTypeFilter(sourceType, "sourceType", SOURCE_TYPE_FILTERS);
  checkTypeFilter(destinationType, "destinationType", DESTINATION_TYPE_FILTERS);
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
  checkWhole(options.maxPages, "maxPages", 1, Number.MAX_SAFE_INTEGER);
  // A new object of the checked parameters alone: nothing else of `query`, not even an
  // inherited key, reaches openapi-fetch.
  const sent = { sourceType, sourceId, destinationType, destinationId, cursor, limit, offset };
  const { envelope, response } = await requestEnvelope(
    api,
    options,
    { what: "connection page", idempotent: true, list: true },
    (init) => api.openapi.GET("/api/v1/connections", { params: { query: sent }, ...init }),
  );
  return { data: { items: envelope.body as Connection[], cursor: envelope.cursor }, response };
}

/**
 * Starts a run of a connection. Never sent twice once it may have reached the server: there is
 * no idempotency key, and a second request would start a second run.
 */
export function refreshConnection(
  api: Api,
  connectionId: string,
  body: RefreshConnection = {},
  options: RequestOptions = {},
): PrepPromise<ConnectionRun> {
  return prepPromise(() => {
    checkId(connectionId, "connectionId");
    checkRefresh(body, "body", connectionId);
    checkOptions(options);
    const json = toJson(body, "body");
    return requestBody<ConnectionRun>(api, options, { what: "run", idempotent: false }, (init) =>
      api.openapi.POST("/api/v1/connections/{connectionId}/refresh", {
        params: { path: { connectionId } },
        body,
        bodySerializer: () => json,
        ...init,
      }),
    ).catch((error: unknown) => {
      throw mayHaveStarted(
        error,
        `The refresh of connection ${connectionId} may have reached the API and started a run, whose jobId is not known`,
        `before refreshing it again, look for that run with getRefreshStatus(${JSON.stringify(connectionId)}), which gives the latest run of the connection`,
        { connectionId },
      );
    });
  });
}

/** Gets a run of a connection: the one with `jobId`, else the latest. */
export function getRefreshStatus(
  api: Api,
  connectionId: string,
  options: GetRefreshStatusOptions = {},
): PrepPromise<ConnectionRun> {
  return prepPromise(() => {
    checkId(connectionId, "connectionId");
    checkOptions(options);
    const { jobId, workspaceId } = options;
    checkOptional(jobId, "jobId");
    checkWorkspaceId(workspaceId);
    return requestBody<ConnectionRun>(api, options, { what: "run", idempotent: true }, (init) =>
      api.openapi.GET("/api/v1/connections/{connectionId}/status", {
        params: { path: { connectionId }, query: { jobId, workspaceId } },
        ...init,
      }),
    );
  });
}

/**
 * Starts a run of each connection of `items`, as one batch. Checks every item before any
 * request, and, like `refreshConnection`, is never sent twice once it may have reached the
 * server.
 */
export function refreshBatch(
  api: Api,
  items: RefreshBatchRequest,
  options: RefreshBatchOptions = {},
): PrepPromise<RefreshBatch> {
  return prepPromise(() => {
    check(
      Array.isArray(items) &&
        items.length >= REFRESH_BATCH_MIN_ITEMS &&
        items.length <= REFRESH_BATCH_MAX_ITEMS,
      `items must be an array of ${REFRESH_BATCH_MIN_ITEMS} to ${REFRESH_BATCH_MAX_ITEMS} items, not ${Array.isArray(items) ? `${items.length} items` : describeValue(items)}`,
    );
    // Every index, holes included (which `forEach` would skip).
    for (let index = 0; index < items.length; index++) {
      checkRefresh(items[index] as RefreshConnection, `items[${index}]`);
    }
    checkOptions(options);
    const { cancelUnwritables } = options;
    checkBoolean(cancelUnwritables, "cancelUnwritables");
    const json = toJson(items, "items");
    return requestBody<RefreshBatch>(api, options, { what: "batch", idempotent: false }, (init) =>
      api.openapi.POST("/api/v1/connections/batch/refresh", {
        params: { query: { cancelUnwritables } },
        body: items,
        bodySerializer: () => json,
        ...init,
      }),
    ).catch((error: unknown) => {
      throw mayHaveStarted(
        error,
        `The batch refresh of ${items.length} connections may have reached the API and started a batch, whose batchRefreshId is not known`,
        "before refreshing them again, look for their runs with getRefreshStatus of each connection, which gives its latest run",
        {},
      );
    });
  });
}

/** Gets a batch, with each of its runs. */
export function getRefreshBatchStatus(
  api: Api,
  batchId: string,
  options: GetRefreshBatchStatusOptions = {},
): PrepPromise<RefreshBatch> {
  return prepPromise(() => {
    checkId(batchId, "batchId");
    checkOptions(options);
    const { workspaceId } = options;
    checkWorkspaceId(workspaceId);
    return requestBody<RefreshBatch>(api, options, { what: "batch", idempotent: true }, (init) =>
      api.openapi.GET("/api/v1/connections/batch/refresh/{batchId}", {
        params: { path: { batchId }, query: { workspaceId } },
        ...init,
      }),
    );
  });
}

/**
 * `error`, the failure of a POST that starts runs, as its caller should read it. When no answer
 * came and the request may have reached the API all the same (any network failure but a
 * refused connection, which sent nothing, or the time limit), the run or batch may have
 * started, and none of its IDs is known: a copy says so (`started`), and what to do
 * (`advice`), with the connection's ID in `target`, if one.
 */
function mayHaveStarted(
  error: unknown,
  started: string,
  advice: string,
  target: { connectionId?: string },
): unknown {
  if (!(error instanceof PrepConnectionError) || refusedBeforeSending(error)) return error;
  const failure =
    error instanceof PrepConnectionTimeoutError
      ? `within ${error.timeoutMs} ms`
      : "(the network failed)";
  return rewritten(error, `${started}: no answer came ${failure}; ${advice}`, target);
}

/** What each operation's call of openapi-fetch takes from its attempt and from the call. */
interface AttemptInit {
  signal: AbortSignal | undefined;
  fetch: (request: Request) => Promise<Response>;
  /** The base URL of the call, when the client's is a path. */
  baseUrl: string | undefined;
  headers: Headers | undefined;
  /** The body is read as text once, and `readEnvelope` parses it. */
  parseAs: "text";
}

/** What `requestEnvelope` must know of an operation. */
interface Operation {
  /** What the body of its envelope is, for an error message, such as "run". */
  what: string;
  /** Whether it may be sent again after any failed attempt: a GET. */
  idempotent: boolean;
  /** Whether the body of its envelope is a list. */
  list?: boolean;
}

/**
 * Sends the request of one operation with the call's options (checked here: time limit,
 * retries, headers), and reads its envelope. Each attempt is one call of openapi-fetch,
 * `request`, which builds the request with the attempt's options and reads the body once.
 */
async function requestEnvelope(
  api: Api,
  options: RequestOptions,
  { what, idempotent, list = false }: Operation,
  request: (init: AttemptInit) => Promise<{ data?: string; error?: unknown; response: Response }>,
): Promise<{ envelope: { body: unknown; cursor?: unknown }; response: Response }> {
  checkSignal(options.signal);
  const headers = options.headers === undefined ? undefined : checkHeaders(options.headers);
  if (headers && api.authorizes) refuseAuthorization(headers);
  // The client's own, unless the call gives a time limit or retries of its own.
  const send =
    options.timeoutMs === undefined && options.maxRetries === undefined
      ? api.send
      : checkLimits(options, api.send);
  const { data, error, response } = await sendApiRequest(
    api.resolveBaseUrl,
    send,
    { signal: options.signal, idempotent },
    (fetch, signal, baseUrl) => request({ signal, fetch, baseUrl, headers, parseAs: "text" }),
  );
  return { envelope: readEnvelope(response, api.secrets, data, error, what, list), response };
}

/** The body of the envelope of one operation's response (see `requestEnvelope`). */
async function requestBody<T>(
  api: Api,
  options: RequestOptions,
  operation: Operation,
  request: (init: AttemptInit) => Promise<{ data?: string; error?: unknown; response: Response }>,
): Promise<Result<T>> {
  const { envelope, response } = await requestEnvelope(api, options, operation, request);
  return { data: envelope.body as T, response };
}

/**
 * The `{ body, code }` envelope of a response read as text, its `body` an object (or, for a
 * `list`, an array); `what` names the body, such as "run". Throws the `PrepApiError` subclass
 * of an error status, or a `PrepApiError` naming the content type and the first characters
 * when a success is not that envelope, such as a proxy's login page or an empty body.
 */
function readEnvelope(
  { ok, status, headers }: Response,
  secrets: Secrets,
  data = "",
  error: unknown = "",
  what: string,
  list: boolean,
): { body: unknown; cursor?: unknown } {
  if (!ok) throw createApiError(status, error, headers, secrets);
  const json = parseBody(data);
  const body = property(json, "body");
  if (typeof body === "object" && body !== null && Array.isArray(body) === list) {
    return json as { body: unknown };
  }
  throw createApiError(
    status,
    json,
    headers,
    secrets,
    `${status} response is not a ${what} envelope (${describeBody(data, headers)})`,
  );
}
