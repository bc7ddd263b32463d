export type { Region } from "./generated/constants.ts";
export {
  DESTINATION_TYPE_FILTERS,
  LIST_CONNECTIONS_LIMIT_DEFAULT,
  LIST_CONNECTIONS_LIMIT_MAX,
  LIST_CONNECTIONS_LIMIT_MIN,
  PREP_SERVERS,
  PREP_TOKEN_URLS,
  REFRESH_BATCH_MAX_ITEMS,
  REFRESH_BATCH_MIN_ITEMS,
  SOURCE_TYPE_FILTERS,
  TERMINAL_RUN_STATUSES,
  WORKSPACE_ID_MAX_LENGTH,
} from "./generated/constants.ts";
export type { components, operations, paths } from "./generated/openapi.ts";

import type { components, operations } from "./generated/openapi.ts";

/**
 * A connection from a source file or item to a destination. Every field is optional.
 * @interface
 */
export type Connection = components["schemas"]["Connection"];
/**
 * One run (a job) of a connection. Every field is optional.
 * @interface
 */
export type ConnectionRun = components["schemas"]["ConnectionRun"];
/**
 * The type of a file or item a connection reads from or writes to. The API adds values over
 * time: handle the ones you know and keep a default branch for the rest.
 */
export type RecordType = components["schemas"]["RecordType"];
/**
 * The status of one side of a run; `TERMINAL_RUN_STATUSES` lists the terminal ones. The API may
 * add values: handle the ones you know and keep a default branch for the rest.
 */
export type RunStatus = components["schemas"]["RunStatus"];
/**
 * How to run a connection: the body of "Run a connection", and one item of a batch.
 * @interface
 */
export type RefreshConnection = components["schemas"]["RefreshConnection"];
/**
 * The body of "Run several connections as a batch": 1 to `REFRESH_BATCH_MAX_ITEMS` items.
 * @interface
 */
export type RefreshBatchRequest = components["schemas"]["RefreshBatchRequest"];
/**
 * A batch of runs, with each connection's run in `childRefreshes`. Every field is optional.
 * @interface
 */
export type RefreshBatch = components["schemas"]["RefreshBatch"];
/**
 * The filters and paging of "List connections": `sourceType` needs `sourceId`,
 * `destinationType` needs `destinationId`, and `limit` is ignored when `cursor` is given.
 * @interface
 */
export type ListConnectionsQuery = NonNullable<
  operations["listConnections"]["parameters"]["query"]
>;
/**
 * The `{ body: Connection[], code, cursor }` success envelope of `listConnections`: one page. An
 * absent, `null` or empty `cursor`, or the one just sent, means there are no more pages.
 * @interface
 */
export type ConnectionPageResponse = components["schemas"]["ConnectionPageResponse"];
/**
 * The `{ body, code }` success envelope of `getConnection`.
 * @interface
 */
export type ConnectionResponse = components["schemas"]["ConnectionResponse"];
/**
 * The `{ body, code }` success envelope of a run: `refreshConnection`, `getRefreshStatus`.
 * @interface
 */
export type ConnectionRunResponse = components["schemas"]["ConnectionRunResponse"];
/**
 * The `{ body, code }` success envelope of a batch: `refreshBatch`, `getRefreshBatchStatus`.
 * @interface
 */
export type RefreshBatchResponse = components["schemas"]["RefreshBatchResponse"];
/**
 * An error with one message.
 * @interface
 */
export type SingleError = components["schemas"]["SingleError"];
/**
 * An error with several messages.
 * @interface
 */
export type MultiError = components["schemas"]["MultiError"];
/** The body of every JSON error response. */
export type ErrorResponse = components["schemas"]["ErrorResponse"];
/**
 * One detail of an error.
 * @interface
 */
export type ErrorDetail = components["schemas"]["ErrorDetail"];
