// Fetches from a running mock server and checks that the answer is one the spec allows: the
// operation is found by method and path in the spec, the status is one it lists (or one of the
// two the README documents as the mock's own), the headers are JSON with an `x-request-id`, and
// the body is valid against the schema the spec gives for that status and media type.

import { resolveRef, spec, validateAgainst, validateSchema } from "@wdata-prep/checks/spec";
import { PREP_SERVERS } from "@wdata-prep/core";
import { expect } from "vitest";

type Schema = { $ref?: string };
type Response = { content: Record<string, { schema: Schema }> };
interface SpecOperation {
  operationId: string;
  responses: Record<string, Response | { $ref: string }>;
}

/** Every path of the spec, as a pattern, with its operations by upper-case method. */
const specPaths = Object.entries(spec.paths as Record<string, Record<string, SpecOperation>>)
  .map(([template, operations]) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    templated: (template.match(/\{/g) ?? []).length,
    operations: Object.fromEntries(
      Object.entries(operations).map(([method, operation]) => [method.toUpperCase(), operation]),
    ),
  }))
  // A path without parameters wins over a templated one, as OpenAPI prescribes
  // (`/connections/batch/refresh` before `/connections/{connectionId}/refresh`).
  .sort((a, b) => a.templated - b.templated);

/** 405 for a method the path does not have, and 503 from the "unavailable" fault. */
const mockOnlyStatuses = ["405", "503"];
/** What the mock answers to a path or method the spec does not describe: faults, 401, 404, 405. */
const withoutOperation = ["401", "404", "405", "429", "503"];
const errorResponse: Schema = { $ref: "#/components/schemas/ErrorResponse" };

/** An answer of the mock server whose body was validated against the spec. */
export interface SpecResponse {
  status: number;
  headers: Headers;
  /** The spec operation that answered, or `undefined` for a path the spec does not describe. */
  operationId: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of bodies already validated against the spec
  body: any;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Sends a request and validates the answer against the spec operation of its method and path.
 * For a path or method the spec does not describe (the mock's 404 and 405), and for 503, the
 * body must be a `SingleError`. Every body's `code` must equal the HTTP status.
 */
export async function fetchSpecResponse(url: string, init?: RequestInit): Promise<SpecResponse> {
  const response = await fetch(url, init);
  const status = String(response.status);
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(response.headers.get("x-request-id")).toMatch(uuid);
  const body = JSON.parse(await response.text());
  expect(body.code).toBe(response.status);

  const method = (init?.method ?? "GET").toUpperCase();
  const path = specPaths.find(({ pattern }) => pattern.test(apiPath(url)));
  const operation = path?.operations[method];
  if (!operation || mockOnlyStatuses.includes(status)) {
    expect(operation ? mockOnlyStatuses : withoutOperation).toContain(status);
    expect(validateAgainst("SingleError", body)).toEqual([]);
  } else {
    const declared = operation.responses[status];
    expect(declared, `${operation.operationId} lists ${status}`).toBeDefined();
    const { content } = resolveRef<Response>(declared as Response);
    const [mediaType, only] = Object.entries(content);
    expect(only, `${operation.operationId} ${status} has one media type`).toBeUndefined();
    expect(["application/json", "*/*"]).toContain(mediaType?.[0]);
    expect(validate(mediaType?.[1].schema ?? errorResponse, body)).toEqual([]);
  }
  return {
    status: response.status,
    headers: response.headers,
    operationId: operation?.operationId,
    body,
  };
}

/**
 * The path of a request under the API's base URL: the path of a local server's URL, or what
 * follows the base path of the spec's servers (`/s/wdata/prep`) in an `https:` URL, as the MSW
 * handlers are called.
 */
function apiPath(url: string): string {
  const { protocol, pathname } = new URL(url);
  return protocol === "https:" && pathname.startsWith(serversPath)
    ? pathname.slice(serversPath.length)
    : pathname;
}

const serversPath = new URL(PREP_SERVERS.us).pathname;

/** Validates against a component schema by name when the schema is a `$ref` to one. */
function validate(schema: Schema, value: unknown): string[] {
  const component = schema.$ref?.match(/^#\/components\/schemas\/(\w+)$/)?.[1];
  return component ? validateAgainst(component, value) : validateSchema(schema, value);
}
