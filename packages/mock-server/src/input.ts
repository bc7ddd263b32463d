// Reading what a client sent: a `workspaceId`, a `RefreshConnection` (the body of a refresh),
// and a batch of them with the connections they name, into values or the problems with them.
import {
  REFRESH_BATCH_MAX_ITEMS,
  REFRESH_BATCH_MIN_ITEMS,
  type RefreshConnection,
  WORKSPACE_ID_MAX_LENGTH,
} from "@wdata-prep/core";
import type { Problem } from "./answers.ts";
import type { RequestBody } from "./body.ts";
import type { ServedConnection } from "./state.ts";

/**
 * Reads a `workspaceId`: `undefined` when absent or empty, or a problem when it is longer than
 * the API allows, counted in characters (code points) as JSON Schema counts `maxLength`.
 */
export function readWorkspaceId(
  value: string | undefined,
  target = "workspaceId",
  code = "invalid_parameter",
): { workspaceId: string | undefined } | Problem {
  const workspaceId = value || undefined;
  const length = workspaceId === undefined ? 0 : [...workspaceId].length;
  if (length <= WORKSPACE_ID_MAX_LENGTH) return { workspaceId };
  const message = `${target} must be at most ${WORKSPACE_ID_MAX_LENGTH} characters, got ${length}`;
  return { target, code, message };
}

/**
 * Reads a boolean query parameter: `true` or `false`, the fallback when absent or empty, or a
 * problem.
 */
export function readBoolean(
  name: string,
  value: string | undefined,
  fallback: boolean,
): boolean | Problem {
  if (!value) return fallback;
  if (value === "true" || value === "false") return value === "true";
  return {
    target: name,
    code: "invalid_parameter",
    message: `${name} must be true or false, got ${JSON.stringify(value)}`,
  };
}

/** The problem with a body that is missing, not JSON, or not sent as JSON. */
export function bodyProblem(
  body: Exclude<RequestBody, { kind: "json" }>,
  expected: string,
): Problem {
  const message =
    body.kind === "none" ? `The body is required: ${expected}` : `The body ${body.problem}`;
  return { target: "body", code: "invalid_body", message };
}

const objectFields = ["sourceParameters", "destinationParameters"] as const;
const booleanFields = ["usePreviousSourceParameters", "usePreviousDestinationParameters"] as const;
const stringFields = ["connectionId", "workspaceId"] as const;

/**
 * Reads one `RefreshConnection`: a JSON object whose fields, each optional, have the spec's
 * types; other fields are ignored, as the spec does not forbid them. `at` names it in the
 * problems: `""` for a refresh's body, `"[3]"` for the fourth item of a batch. An empty
 * `workspaceId` counts as not given.
 */
export function readRefreshConnection(value: unknown, at: string): RefreshConnection | Problem[] {
  const name = (field: string) => (at ? `${at}.${field}` : field);
  if (!isObject(value)) {
    const what = at ? `${at} must be` : "The body must be";
    return [
      {
        target: at || "body",
        code: "invalid_body",
        message: `${what} a JSON object (a RefreshConnection), got ${describe(value)}`,
      },
    ];
  }
  const problems: Problem[] = [];
  const wrongType = (field: string, type: string) =>
    problems.push({
      target: name(field),
      code: "invalid_field",
      message: `${name(field)} must be ${type}, got ${describe(value[field])}`,
    });
  for (const field of stringFields) {
    if (value[field] !== undefined && typeof value[field] !== "string") {
      wrongType(field, "a string");
    }
  }
  for (const field of objectFields) {
    const given = value[field];
    if (given !== undefined && !isObject(given)) {
      wrongType(field, "an object");
    }
  }
  for (const field of booleanFields) {
    if (value[field] !== undefined && typeof value[field] !== "boolean") {
      wrongType(field, "a boolean");
    }
  }
  if (typeof value.workspaceId === "string") {
    const workspace = readWorkspaceId(value.workspaceId, name("workspaceId"), "invalid_field");
    if ("target" in workspace) problems.push(workspace);
  }
  if (problems.length > 0) return problems;

  const refresh: RefreshConnection = {};
  for (const field of [...stringFields, ...objectFields, ...booleanFields]) {
    if (value[field] !== undefined) Object.assign(refresh, { [field]: value[field] });
  }
  if (refresh.workspaceId === "") delete refresh.workspaceId;
  return refresh;
}

/** One item of a batch, read and matched with the served connection it names. */
export interface BatchItem {
  refresh: RefreshConnection;
  connection: ServedConnection;
}

/**
 * Reads the body of a batch: an array of 1 to 100 `RefreshConnection` items, each naming a
 * served connection (in its `workspaceId` when one is given) that no other item names, all
 * writing into the same destination as the first. Each problem's target names its item, such
 * as `[3].connectionId`.
 */
export function readBatch(
  value: unknown,
  connections: ReadonlyMap<string, ServedConnection>,
): { items: BatchItem[]; problems: Problem[] } {
  const refused = (message: string) => ({
    items: [],
    problems: [{ target: "body", code: "invalid_body", message }],
  });
  if (!Array.isArray(value)) {
    return refused(
      `The body must be a JSON array of ${REFRESH_BATCH_MIN_ITEMS} to ${REFRESH_BATCH_MAX_ITEMS} RefreshConnection items, got ${describe(value)}`,
    );
  }
  if (value.length < REFRESH_BATCH_MIN_ITEMS) {
    return refused(
      `a batch holds at least ${REFRESH_BATCH_MIN_ITEMS} connection; this one holds none`,
    );
  }
  if (value.length > REFRESH_BATCH_MAX_ITEMS) {
    return refused(
      `a batch holds at most ${REFRESH_BATCH_MAX_ITEMS} connections; this one holds ${value.length}`,
    );
  }

  const problems: Problem[] = [];
  const items: BatchItem[] = [];
  const itemOf = new Map<string, number>();
  /** The first item that names a connection, whose destination every item must share. */
  let reference: { index: number; destinationId: string | undefined } | undefined;
  const itemProblem = (index: number, field: string, code: string, message: string) =>
    problems.push({
      target: `[${index}].${field}`,
      code,
      message: `[${index}].${field} ${message}`,
    });
  value.forEach((item, index) => {
    const refresh = readRefreshConnection(item, `[${index}]`);
    if (Array.isArray(refresh)) {
      problems.push(...refresh);
      return;
    }
    const { connectionId, workspaceId } = refresh;
    if (connectionId === undefined) {
      itemProblem(index, "connectionId", "missing_field", "is required: the connection to run");
      return;
    }
    const connection = connections.get(connectionId);
    if (!connection) {
      itemProblem(
        index,
        "connectionId",
        "unknown_connection",
        `names no connection: "${connectionId}" not found`,
      );
      return;
    }
    if (workspaceId !== undefined && connection.given.workspaceId !== workspaceId) {
      itemProblem(
        index,
        "workspaceId",
        "unknown_connection",
        `names a workspace without connection ${connectionId}`,
      );
      return;
    }
    const repeated = itemOf.get(connectionId);
    if (repeated !== undefined) {
      itemProblem(
        index,
        "connectionId",
        "duplicate_connection",
        `repeats connection ${connectionId} of [${repeated}]`,
      );
      return;
    }
    itemOf.set(connectionId, index);
    const { destinationId } = connection.given;
    reference ??= { index, destinationId };
    if (destinationId !== reference.destinationId) {
      itemProblem(
        index,
        "connectionId",
        "destination_mismatch",
        `writes into ${destinationId}, not into ${reference.destinationId} like [${reference.index}]: a batch writes into one spreadsheet`,
      );
      return;
    }
    items.push({ refresh, connection });
  });
  return { items, problems };
}

/** Whether a value is a JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Describes a value for an error message, without quoting anything but a string. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}
