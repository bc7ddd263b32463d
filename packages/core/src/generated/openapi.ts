// This file is generated from spec/openapi.yaml by `pnpm generate`. Do not edit it by hand.

export interface paths {
    "/api/v1/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List connections
         * @description Returns a page of connections, optionally filtered by their source or destination. No
         *     OAuth scopes are required.
         *
         *     **Paging.** A page's `cursor` names the next page: send it back as the `cursor` query
         *     parameter to get that page (`limit` is then ignored). A `cursor` that is absent, `null`
         *     or empty, or that comes back unchanged from the one sent, means there are no more pages;
         *     a client stops there, so that a paging loop can never spin.
         *
         *     **Filtering.** Filtering by `sourceType` requires `sourceId`, and filtering by
         *     `destinationType` requires `destinationId`. Workiva's documentation is silent on the
         *     answer to a type filter without its ID, on how several filters combine, on the order of
         *     the connections and on which workspaces' connections are listed (the operation takes no
         *     `workspaceId`).
         */
        get: operations["listConnections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connections/{connectionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get connection details
         * @description Returns details about a specific connection, based on its ID. No OAuth scopes are required.
         */
        get: operations["getConnection"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connections/{connectionId}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a connection
         * @description Starts a run (a job) of the connection and returns it. No OAuth scopes are required.
         *
         *     The answer is `200` with the new run, not `202`, and carries no `Location` or
         *     `Retry-After`: follow the run with `getRefreshStatus`, passing this run's `jobId`, so that
         *     another run of the same connection started meanwhile is never taken for this one.
         *
         *     The connection's ID is in the path and may also be in the body. Workiva's documentation
         *     is silent on which one wins when they differ: send the path's ID (in the body too, or not
         *     at all) and refuse a body whose `connectionId` differs from the path.
         *
         *     There is no idempotency key: a retried request may start a second run. Do not retry this
         *     request once it may have reached the server.
         *
         *     The path `/api/v1/connections/batch/refresh` belongs to `refreshBatch`, so a connection
         *     whose ID is `batch` cannot be run here; Workiva's documentation is silent on whether such
         *     an ID can exist.
         */
        post: operations["refreshConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connections/{connectionId}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the status of a run
         * @description Returns one run of the connection: the run whose `jobId` is given, or else the latest
         *     one. No OAuth scopes are required.
         *
         *     To follow a run you started, ask for its `jobId` rather than the latest run, and repeat
         *     until the run is finished (see `ConnectionRun`). Workiva's documentation is silent on how
         *     often this may be polled and on the answer for a connection that never ran.
         */
        get: operations["getRefreshStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connections/batch/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run several connections as a batch
         * @description Starts one run of each connection in the body, 1 to 100 `RefreshConnection` items that
         *     all write into the same spreadsheet (workbook), and returns the batch with the
         *     children's runs in `childRefreshes`. No OAuth scopes are required. Workiva's
         *     documentation is silent on the answer to items that write into different spreadsheets
         *     and on whether `childRefreshes` keeps the order of the body.
         *
         *     The answer is `200` with the new batch, not `202`: follow it with
         *     `getRefreshBatchStatus` and its `batchRefreshId`.
         *
         *     There is no idempotency key: a retried request may start a second batch. Do not retry
         *     this request once it may have reached the server.
         */
        post: operations["refreshBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connections/batch/refresh/{batchId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the status of a batch
         * @description Returns a batch and its children's runs. No OAuth scopes are required. Repeat until the
         *     batch is finished; Workiva's documentation is silent on how often this may be polled.
         */
        get: operations["getRefreshBatchStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description The type of a file or item that a connection reads from or writes to. The values grow:
         *     `chart_visual` was added in March 2026, so code that reads a `RecordType` must tolerate a
         *     value it does not know (a default branch, never an exhaustive check).
         * @enum {string}
         */
        RecordType: "spreadsheet" | "spreadsheet_section" | "presentation" | "presentation_chart" | "presentation_embedded_table" | "document" | "document_chart" | "document_embedded_table" | "wdata_query" | "wdata_shared_query" | "wdata_table" | "wdata_table_dataset" | "report" | "esg_program" | "chart_visual" | "unknown_record_type";
        /**
         * @description The source types `listConnections` filters by: the `RecordType` values except
         *     `wdata_shared_query`, `chart_visual` and `unknown_record_type`.
         * @enum {string}
         */
        SourceTypeFilter: "spreadsheet" | "spreadsheet_section" | "presentation" | "presentation_chart" | "presentation_embedded_table" | "document" | "document_chart" | "document_embedded_table" | "wdata_query" | "wdata_table" | "wdata_table_dataset" | "report" | "esg_program";
        /**
         * @description The destination types `listConnections` filters by: the `RecordType` values except
         *     `wdata_shared_query`, `chart_visual`, `unknown_record_type` and `esg_program`.
         * @enum {string}
         */
        DestinationTypeFilter: "spreadsheet" | "spreadsheet_section" | "presentation" | "presentation_chart" | "presentation_embedded_table" | "document" | "document_chart" | "document_embedded_table" | "wdata_query" | "wdata_table" | "wdata_table_dataset" | "report";
        /**
         * @description The status of one side (source or destination) of a run. `complete`, `error` and
         *     `cancelled` are terminal (`x-terminal`); `not_started` and `running` are not. The values
         *     may grow like `RecordType`'s: code that reads a `RunStatus` must tolerate a value it does
         *     not know (a default branch, never an exhaustive check).
         * @enum {string}
         */
        RunStatus: "not_started" | "running" | "complete" | "error" | "cancelled";
        /**
         * @description One run of a connection (a job). Every property is optional: Workiva's documentation
         *     does not promise that any of them is present.
         *
         *     Workiva's documentation names the terminal statuses but is silent on when a run as a
         *     whole is finished. This description counts a run as finished when both sides are
         *     terminal (`complete`, `error` or `cancelled`), when one side is `error` or `cancelled`
         *     while the other is not `running`, or when the run carries an `error`.
         */
        ConnectionRun: {
            /** @description The ID of the connection that ran. */
            readonly connectionId?: string;
            /**
             * Format: date-time
             * @description When the run was created (RFC 3339).
             */
            readonly created?: string;
            /** @description The ID of the user who started the run. */
            readonly createdBy?: string;
            /** @description Metadata given to the destination. Its keys and values are not documented. */
            readonly destinationMetadata?: {
                [key: string]: unknown;
            };
            /** @description Parameters given to the destination. Its keys and values are not documented. */
            readonly destinationParameters?: {
                [key: string]: unknown;
            };
            /** @description The run status of the destination side. */
            readonly destinationStatus?: components["schemas"]["RunStatus"];
            /** @description The ID of the workspace of the run's destination. */
            readonly destinationWorkspaceId?: string;
            /** @description The error, if one occurred while starting the job. */
            readonly error?: string;
            /** @description The unique ID of the job. */
            readonly jobId?: string;
            /** @description Metadata given to the source. Its keys and values are not documented. */
            readonly sourceMetadata?: {
                [key: string]: unknown;
            };
            /** @description Parameters given to the source. Its keys and values are not documented. */
            readonly sourceParameters?: {
                [key: string]: unknown;
            };
            /** @description The run status of the source side. */
            readonly sourceStatus?: components["schemas"]["RunStatus"];
            /** @description The ID of the workspace of the run's source. */
            readonly sourceWorkspaceId?: string;
            /**
             * Format: date-time
             * @description When the run was last updated (RFC 3339).
             */
            readonly updated?: string;
            /** @description The ID of the workspace of the run. */
            readonly workspaceId?: string;
        };
        /**
         * @description A connection from a source to a destination. Every property is optional: Workiva's
         *     documentation does not promise that any of them is present.
         */
        Connection: {
            /** @description The unique ID of the connection. */
            readonly connectionId?: string;
            /**
             * Format: date-time
             * @description When the connection was created (RFC 3339).
             */
            readonly created?: string;
            /** @description The ID of the user who created the connection. */
            readonly createdBy?: string;
            /** @description The description of the connection, if specified. */
            readonly description?: string;
            /** @description The ID of the file or item the connection sends data to. */
            readonly destinationId?: string;
            /** @description The type of the file or item the connection sends data to. */
            readonly destinationType?: components["schemas"]["RecordType"];
            /** @description The ID of the workspace of the destination. */
            readonly destinationWorkspaceId?: string;
            /** @description The last run of the connection; absent if it never ran. */
            readonly lastRun?: components["schemas"]["ConnectionRun"];
            /** @description The ID of the user who last ran the connection. */
            readonly lastRunBy?: string;
            /**
             * Format: date-time
             * @description When the connection last ran (RFC 3339).
             */
            readonly lastRunDate?: string;
            /** @description The destination parameters of the last run. Its keys and values are not documented. */
            readonly lastRunDestinationParameters?: {
                [key: string]: unknown;
            };
            /** @description The job ID of the last run. */
            readonly lastRunJobId?: string;
            /** @description The source parameters of the last run. Its keys and values are not documented. */
            readonly lastRunSourceParameters?: {
                [key: string]: unknown;
            };
            /** @description Any additional information about the connection. Its keys and values are not documented. */
            readonly metadata?: {
                [key: string]: unknown;
            };
            /** @description The name of the connection, if specified. */
            readonly name?: string;
            /** @description The ID of the file or item the connection pulls data from. */
            readonly sourceId?: string;
            /** @description The type of the file or item the connection pulls data from. */
            readonly sourceType?: components["schemas"]["RecordType"];
            /** @description The ID of the workspace of the source. */
            readonly sourceWorkspaceId?: string;
            /**
             * Format: date-time
             * @description When the connection was last updated (RFC 3339).
             */
            readonly updated?: string;
            /** @description The ID of the workspace the connection belongs to. */
            readonly workspaceId?: string;
        };
        /**
         * @description The success envelope of `getConnection`. Workiva's description marks none of its
         *     properties required; this description requires `body` and `code`, which every documented
         *     success body carries, so that a body without them is not taken for a connection.
         */
        ConnectionResponse: {
            /** @description The connection. */
            body: components["schemas"]["Connection"];
            /**
             * Format: int32
             * @description A status code repeated in the body. Workiva's documentation does not say how it
             *     relates to the HTTP status.
             */
            code: number;
        };
        /**
         * @description The success envelope of `listConnections`: one page of connections and the cursor of the
         *     next page. Workiva's description marks none of its properties required; this description
         *     requires `body` and `code`, as for every success envelope, but not `cursor`, whose absence
         *     means the last page.
         */
        ConnectionPageResponse: {
            /** @description The connections of this page (possibly none). */
            body: components["schemas"]["Connection"][];
            /**
             * Format: int32
             * @description A status code repeated in the body. Workiva's documentation does not say how it
             *     relates to the HTTP status.
             */
            code: number;
            /**
             * @description The cursor of the next page: send it back as the `cursor` query parameter. Workiva's
             *     description types it as a plain string; its documentation says it is `null` when
             *     there are no more pages. Treat an absent, `null` or empty cursor, or one equal to the
             *     cursor sent, as the last page.
             */
            cursor?: string | null;
        };
        /**
         * @description The success envelope of `refreshConnection` and `getRefreshStatus`. Workiva's
         *     description marks none of its properties required; this description requires `body` and
         *     `code`, as for every success envelope.
         */
        ConnectionRunResponse: {
            /** @description The run. */
            body: components["schemas"]["ConnectionRun"];
            /**
             * Format: int32
             * @description A status code repeated in the body. Workiva's documentation does not say how it
             *     relates to the HTTP status.
             */
            code: number;
        };
        /**
         * @description How to run a connection: the body of `refreshConnection`, and one item of the body of
         *     `refreshBatch`. Every property is write-only and optional; Workiva's documentation marks
         *     none of them required.
         */
        RefreshConnection: {
            /**
             * @description The ID of the connection to run. For `refreshConnection` the path names it too, and
             *     Workiva's documentation is silent on which one wins when they differ: send the path's
             *     ID or none.
             */
            connectionId?: string;
            /**
             * @description The ID of the workspace of the connection. Workiva's documentation gives no
             *     description beyond its type.
             */
            workspaceId?: string;
            /** @description Parameters for the source of this run. Its keys and values are not documented. */
            sourceParameters?: {
                [key: string]: unknown;
            };
            /** @description Parameters for the destination of this run. Its keys and values are not documented. */
            destinationParameters?: {
                [key: string]: unknown;
            };
            /**
             * @description Use the source parameters of the previous run; overrides any `sourceParameters`
             *     given. Workiva's documentation contradicts itself on whether `refreshBatch` honours it.
             */
            usePreviousSourceParameters?: boolean;
            /**
             * @description Use the destination parameters of the previous run; overrides any
             *     `destinationParameters` given. Workiva's documentation contradicts itself on whether
             *     `refreshBatch` honours it.
             */
            usePreviousDestinationParameters?: boolean;
        };
        /**
         * @description The body of `refreshBatch`: the connections to run, 1 to 100, all writing into the same
         *     spreadsheet (workbook). Each item names its connection with `connectionId`.
         */
        RefreshBatchRequest: components["schemas"]["RefreshConnection"][];
        /**
         * @description A batch of runs started together by `refreshBatch`. Every property is optional: Workiva's
         *     documentation does not promise that any of them is present. It is silent on how the
         *     batch's own `sourceStatus` and `destinationStatus` relate to its children's; count the
         *     batch as finished by the same rule as a run (see `ConnectionRun`).
         */
        RefreshBatch: {
            /** @description The unique ID of the batch, for `getRefreshBatchStatus`. */
            readonly batchRefreshId?: string;
            /** @description The run of each connection of the batch. */
            readonly childRefreshes?: components["schemas"]["ConnectionRun"][];
            /**
             * Format: date-time
             * @description When the batch was created (RFC 3339).
             */
            readonly created?: string;
            /** @description The ID of the user who started the batch. */
            readonly createdBy?: string;
            /** @description The status of the batch's destination side. */
            readonly destinationStatus?: components["schemas"]["RunStatus"];
            /** @description The error, if one occurred. */
            readonly error?: string;
            /** @description The status of the batch's source side. */
            readonly sourceStatus?: components["schemas"]["RunStatus"];
            /**
             * Format: date-time
             * @description When the batch was last updated (RFC 3339).
             */
            readonly updated?: string;
        };
        /**
         * @description The success envelope of `refreshBatch` and `getRefreshBatchStatus`. Workiva's
         *     description marks none of its properties required; this description requires `body` and
         *     `code`, as for every success envelope.
         */
        RefreshBatchResponse: {
            /** @description The batch. */
            body: components["schemas"]["RefreshBatch"];
            /**
             * Format: int32
             * @description A status code repeated in the body. Workiva's documentation does not say how it
             *     relates to the HTTP status.
             */
            code: number;
        };
        /** @description One detail of an error. */
        ErrorDetail: {
            /** @description A machine-readable code for the detail. The set of codes is not documented. */
            code: string;
            /** @description A human-readable message for the detail. */
            message: string;
            /** @description What the detail is about, such as a parameter name, when known. */
            target?: string;
        };
        /** @description An error with one message. */
        SingleError: {
            /** @description A human-readable message. */
            body: string;
            /**
             * Format: int32
             * @description A status code repeated in the body.
             */
            code: number;
            /** @description Further details, when the API gives them. */
            details?: components["schemas"]["ErrorDetail"][];
        };
        /** @description An error with several messages (sent by some 400 responses). */
        MultiError: {
            /** @description Human-readable messages. */
            body: string[];
            /**
             * Format: int32
             * @description A status code repeated in the body.
             */
            code: number;
            /** @description Further details, when the API gives them. */
            details?: components["schemas"]["ErrorDetail"][];
        };
        /**
         * @description The body of every error response: a `SingleError` (`body` is a string) or a `MultiError`
         *     (`body` is an array of strings).
         */
        ErrorResponse: components["schemas"]["SingleError"] | components["schemas"]["MultiError"];
        /**
         * @description The raw text of an error body that is not JSON, such as an HTML page from a proxy or
         *     gateway, plain text or an empty body (`""`).
         */
        NonJsonBody: string;
        /**
         * @description The body of an error response that Workiva's description declares as `*\/*` (any media
         *     type): an error envelope (`ErrorResponse`) when the body is JSON, or otherwise its raw
         *     text (`NonJsonBody`), such as an HTML page or an empty body. Read such a body as text,
         *     and parse it as JSON only when it is JSON.
         */
        ErrorOrNonJsonBody: components["schemas"]["ErrorResponse"] | components["schemas"]["NonJsonBody"];
    };
    responses: {
        /**
         * @description The request is invalid, for example a `limit` out of range or a `workspaceId` longer than
         *     40 characters. Workiva's description declares this response as `*\/*`: the body is a
         *     `MultiError` or a `SingleError`, or not JSON at all (`ErrorOrNonJsonBody`).
         */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "*/*": components["schemas"]["ErrorOrNonJsonBody"];
            };
        };
        /**
         * @description The access token is missing, invalid or expired. Workiva's description declares this
         *     response as `*\/*`: the body may be an error envelope or not JSON at all
         *     (`ErrorOrNonJsonBody`).
         */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "*/*": components["schemas"]["ErrorOrNonJsonBody"];
            };
        };
        /**
         * @description The request is invalid, for example a body that is not a `RefreshConnection`. Workiva's
         *     description declares this response as JSON with a `MultiError` body only.
         */
        BadRequestMultiError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["MultiError"];
            };
        };
        /** @description The access token is missing, invalid or expired. */
        UnauthorizedJson: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The caller may not access this connection, run or batch. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description Nothing has the requested ID (in this workspace, when one is given). Workiva's
         *     documentation lists this status for every operation, `listConnections` included, without
         *     saying when each sends it.
         */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description Conflict. Workiva's documentation lists this status without saying when it is sent. Its
         *     description declares this response as `*\/*`: the body may be an error envelope or not JSON
         *     at all (`ErrorOrNonJsonBody`).
         */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "*/*": components["schemas"]["ErrorOrNonJsonBody"];
            };
        };
        /** @description Collision. Workiva's description names this response so, without saying when it is sent. */
        Collision: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description The resource is locked. Workiva's documentation lists this status without saying when it
         *     is sent. Its description declares this response as `*\/*` for every operation: the body may
         *     be an error envelope or not JSON at all (`ErrorOrNonJsonBody`).
         */
        Locked: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "*/*": components["schemas"]["ErrorOrNonJsonBody"];
            };
        };
        /** @description Rate limited. Retry later, after `Retry-After` when it is present. */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description An error on the server. */
        InternalServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        /**
         * @description A workspace ID, at most 40 characters. Workiva's documentation gives no description of
         *     this parameter beyond its type and maximum length.
         * @example 7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b
         */
        WorkspaceId: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description How long to wait before retrying, in seconds or as an HTTP date. Workiva's general
         *     guidance is to honour it when present; whether the Prep API sends it is not documented,
         *     so clients must handle its absence.
         * @example 30
         */
        RetryAfter: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listConnections: {
        parameters: {
            query?: {
                /**
                 * @description Only connections whose source is of this type. Requires `sourceId`.
                 * @example wdata_query
                 */
                sourceType?: components["schemas"]["SourceTypeFilter"];
                /**
                 * @description Only connections whose destination is of this type. Requires `destinationId`.
                 * @example spreadsheet_section
                 */
                destinationType?: components["schemas"]["DestinationTypeFilter"];
                /**
                 * @description Only connections that pull data from the file or item with this ID.
                 * @example 3c5e7a9b1d2f4a6c8e0f2b4d6a8c0e1f
                 */
                sourceId?: string;
                /**
                 * @description Only connections that send data to the file or item with this ID.
                 * @example 9b2e7d4a1c3f4e5a8b6c0d2e4f6a8b1c
                 */
                destinationId?: string;
                /**
                 * @description The `cursor` of the previous page, to get the next one; when it is given, `limit` is
                 *     ignored. Its format is not documented: send it back exactly as received.
                 * @example eyJhZnRlciI6IjZlOTZmYjE0YjUwNGE3MTc5Y2Q1YjU5ZTVmNmNiYmIxIn0
                 */
                cursor?: string;
                /**
                 * @description The most connections one page holds, from 1 to 1000. Ignored when `cursor` is given.
                 * @example 2
                 */
                limit?: number;
                /**
                 * @description The position of the connection to start the page with (0 is the first). Workiva's
                 *     documentation is silent on whether it applies when `cursor` is given.
                 * @example 0
                 */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of connections, and the cursor of the next page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionPageResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            423: components["responses"]["Locked"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
    getConnection: {
        parameters: {
            query?: {
                /**
                 * @description A workspace ID, at most 40 characters. Workiva's documentation gives no description of
                 *     this parameter beyond its type and maximum length.
                 * @example 7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b
                 */
                workspaceId?: components["parameters"]["WorkspaceId"];
            };
            header?: never;
            path: {
                /**
                 * @description The ID of the connection to return details about.
                 * @example 0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e
                 */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The connection. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            423: components["responses"]["Locked"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
    refreshConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The ID of the connection to run.
                 * @example 0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e
                 */
                connectionId: string;
            };
            cookie?: never;
        };
        /** @description How to run the connection. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshConnection"];
            };
        };
        responses: {
            /** @description The run that was started (its `jobId` names it for `getRefreshStatus`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionRunResponse"];
                };
            };
            400: components["responses"]["BadRequestMultiError"];
            401: components["responses"]["UnauthorizedJson"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Collision"];
            423: components["responses"]["Locked"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
    getRefreshStatus: {
        parameters: {
            query?: {
                /**
                 * @description The `jobId` of the run to return; without it, the latest run of the connection.
                 * @example 3974cd4e55263feed3074090b71040fc
                 */
                jobId?: string;
                /**
                 * @description A workspace ID, at most 40 characters. Workiva's documentation gives no description of
                 *     this parameter beyond its type and maximum length.
                 * @example 7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b
                 */
                workspaceId?: components["parameters"]["WorkspaceId"];
            };
            header?: never;
            path: {
                /**
                 * @description The ID of the connection whose run to return.
                 * @example 978226dfdbe248ded5a6c02944cb65dc
                 */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionRunResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            423: components["responses"]["Locked"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
    refreshBatch: {
        parameters: {
            query?: {
                /**
                 * @description Cancel a child whose destination cannot be written, on its own, instead of the whole
                 *     batch. Workiva's documentation is silent on its default.
                 * @example true
                 */
                cancelUnwritables?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The connections to run, 1 to 100, all writing into the same spreadsheet. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshBatchRequest"];
            };
        };
        responses: {
            /** @description The batch that was started (its `batchRefreshId` names it for `getRefreshBatchStatus`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefreshBatchResponse"];
                };
            };
            400: components["responses"]["BadRequestMultiError"];
            401: components["responses"]["UnauthorizedJson"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Collision"];
            423: components["responses"]["Locked"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
    getRefreshBatchStatus: {
        parameters: {
            query?: {
                /**
                 * @description A workspace ID, at most 40 characters. Workiva's documentation gives no description of
                 *     this parameter beyond its type and maximum length.
                 * @example 7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b
                 */
                workspaceId?: components["parameters"]["WorkspaceId"];
            };
            header?: never;
            path: {
                /**
                 * @description The `batchRefreshId` of the batch.
                 * @example c4e6a8b0d2f44c1e9a7b5d3f1e8c6a2b
                 */
                batchId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The batch. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefreshBatchResponse"];
                };
            };
            400: components["responses"]["BadRequestMultiError"];
            401: components["responses"]["UnauthorizedJson"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Collision"];
            423: components["responses"]["Locked"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
}
