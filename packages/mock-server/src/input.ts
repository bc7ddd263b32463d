// Reading what a client sent: a `workspaceId`, and a `RefreshConnection` (the body of a refresh
// and each item of a batch), into values or the problems with them.
import { type RefreshConnection, WORKSPACE_ID_MAX_LENGTH } from "@wdata-prep/core";
import type { Problem } from "./answers.ts";
import type { RequestBody } from "./body.ts";

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
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const what = at ? `${at} must be` : "The body must be";
    return [
      {
        target: at || "body",
        code: "invalid_body",
        message: `${what} a JSON object (a RefreshConnection), got ${describe(value)}`,
      },
    ];
  }
  const fields = value as Record<string, unknown>;
  const problems: Problem[] = [];
  const wrongType = (field: string, type: string) =>
    problems.push({
      target: name(field),
      code: "invalid_field",
      message: `${name(field)} must be ${type}, got ${describe(fields[field])}`,
    });
  for (const field of stringFields) {
    if (fields[field] !== undefined && typeof fields[field] !== "string") {
      wrongType(field, "a string");
    }
  }
  for (const field of objectFields) {
    const given = fields[field];
    if (
      given !== undefined &&
      (typeof given !== "object" || given === null || Array.isArray(given))
    ) {
      wrongType(field, "an object");
    }
  }
  for (const field of booleanFields) {
    if (fields[field] !== undefined && typeof fields[field] !== "boolean") {
      wrongType(field, "a boolean");
    }
  }
  if (typeof fields.workspaceId === "string") {
    const workspace = readWorkspaceId(fields.workspaceId, name("workspaceId"), "invalid_field");
    if ("target" in workspace) problems.push(workspace);
  }
  if (problems.length > 0) return problems;

  const refresh: RefreshConnection = {};
  for (const field of [...stringFields, ...objectFields, ...booleanFields]) {
    if (fields[field] !== undefined) Object.assign(refresh, { [field]: fields[field] });
  }
  if (refresh.workspaceId === "") delete refresh.workspaceId;
  return refresh;
}

/** Describes a value for an error message, without quoting anything but a string. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}
