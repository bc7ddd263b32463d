export type { Region } from "./generated/constants.ts";
export {
  PREP_SERVERS,
  PREP_TOKEN_URLS,
  WORKSPACE_ID_MAX_LENGTH,
} from "./generated/constants.ts";
export type { components, operations, paths } from "./generated/openapi.ts";
export { BEARER_TOKEN_PATTERN, LOOPBACK_HOSTNAME_PATTERN } from "./rules.ts";

import type { components } from "./generated/openapi.ts";

type Schemas = components["schemas"];

/** A connection from a source file or item to a destination. */
export type Connection = Schemas["Connection"];
/** One run (a job) of a connection. */
export type ConnectionRun = Schemas["ConnectionRun"];
/** The type of a file or item a connection reads from or writes to. */
export type RecordType = Schemas["RecordType"];
/** The status of one side of a run. */
export type RunStatus = Schemas["RunStatus"];
/** The `{ body, code }` success envelope of `getConnection`. */
export type ConnectionResponse = Schemas["ConnectionResponse"];
/** An error with one message. */
export type SingleError = Schemas["SingleError"];
/** An error with several messages. */
export type MultiError = Schemas["MultiError"];
/** The body of every error response. */
export type ErrorResponse = Schemas["ErrorResponse"];
/** One detail of an error. */
export type ErrorDetail = Schemas["ErrorDetail"];
