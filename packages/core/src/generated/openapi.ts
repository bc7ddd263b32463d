// This file is generated from spec/openapi.yaml by `pnpm generate`. Do not edit it by hand.

export interface paths {
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
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description The type of a file or item that a connection reads from or writes to.
         * @enum {string}
         */
        RecordType: "spreadsheet" | "spreadsheet_section" | "presentation" | "presentation_chart" | "presentation_embedded_table" | "document" | "document_chart" | "document_embedded_table" | "wdata_query" | "wdata_shared_query" | "wdata_table" | "wdata_table_dataset" | "report" | "esg_program" | "chart_visual" | "unknown_record_type";
        /**
         * @description The status of one side (source or destination) of a run. `complete`, `error` and
         *     `cancelled` are terminal; `not_started` and `running` are not.
         * @enum {string}
         */
        RunStatus: "not_started" | "running" | "complete" | "error" | "cancelled";
        /**
         * @description One run of a connection (a job). Every property is optional: Workiva's documentation
         *     does not promise that any of them is present.
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
        /** @description The success envelope of `getConnection`. */
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
         * @description An error body that is not JSON. Workiva's description declares some error responses as
         *     `*\/*` without saying which; a proxy or gateway may also answer with an HTML page or an
         *     empty body.
         */
        NonJsonBody: string;
    };
    responses: {
        /**
         * @description The request is invalid, for example a `workspaceId` longer than 40 characters. The body
         *     may be a `MultiError`, or not JSON at all (`NonJsonBody`).
         */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
                "*/*": components["schemas"]["NonJsonBody"];
            };
        };
        /** @description The access token is missing, invalid or expired. The body may also not be JSON (`NonJsonBody`). */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
                "*/*": components["schemas"]["NonJsonBody"];
            };
        };
        /** @description The caller may not access this connection. The body may also not be JSON (`NonJsonBody`). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
                "*/*": components["schemas"]["NonJsonBody"];
            };
        };
        /** @description No connection has this ID (in this workspace, when one is given). The body may also not be JSON (`NonJsonBody`). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
                "*/*": components["schemas"]["NonJsonBody"];
            };
        };
        /**
         * @description Conflict. Workiva's documentation lists this status without saying when it is sent. The
         *     body may also not be JSON (`NonJsonBody`).
         */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
                "*/*": components["schemas"]["NonJsonBody"];
            };
        };
        /**
         * @description The resource is locked. Workiva's documentation lists this status without saying when it
         *     is sent. The body may also not be JSON (`NonJsonBody`).
         */
        Locked: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
                "*/*": components["schemas"]["NonJsonBody"];
            };
        };
        /** @description Rate limited. Retry later, after `Retry-After` when it is present. The body may also not be JSON (`NonJsonBody`). */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
                "*/*": components["schemas"]["NonJsonBody"];
            };
        };
        /** @description An error on the server. The body may also not be JSON (`NonJsonBody`). */
        InternalServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
                "*/*": components["schemas"]["NonJsonBody"];
            };
        };
    };
    parameters: never;
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
    getConnection: {
        parameters: {
            query?: {
                /**
                 * @description The ID of the workspace the connection belongs to. Workiva's documentation gives no
                 *     description of this parameter beyond its type and maximum length.
                 * @example 7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b
                 */
                workspaceId?: string;
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
}
