import { describe, expect, test } from "vitest";
import { resolveRef, spec, validateAgainst, validateSchema } from "../src/spec.ts";

type Ref = { $ref: string };
type Example = { value: unknown };
type MediaType = { schema: Ref; examples?: Record<string, Ref | Example> };
type Response = { description: string; content?: Record<string, MediaType> };
type Parameter = {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema: Record<string, unknown>;
  example?: unknown;
};
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: (Parameter | Ref)[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, Response | Ref>;
};

const operations: [string, Operation][] = Object.entries(
  spec.paths as Record<string, Record<string, Operation>>,
).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]): [string, Operation] => [`${method} ${path}`, op]),
);
const documentedErrors = ["400", "401", "403", "404", "409", "423", "429", "500"];
const recordTypes: string[] = spec.components.schemas.RecordType.enum;

const schemaName = (schema: Ref) => schema.$ref.split("/").pop() as string;
const parametersOf = (op: Operation) => (op.parameters ?? []).map((p) => resolveRef<Parameter>(p));

/** Every example in the spec: [where it is, the schema it must satisfy, its value]. */
function examplesOf(): [string, Record<string, unknown>, unknown][] {
  const found: [string, Record<string, unknown>, unknown][] = [];
  const fromMedia = (where: string, media: MediaType) => {
    for (const [key, example] of Object.entries(media.examples ?? {})) {
      found.push([`${where} ${key}`, media.schema, resolveRef<Example>(example).value]);
    }
  };
  for (const [name, op] of operations) {
    for (const parameter of parametersOf(op)) {
      if (parameter.example === undefined) continue;
      found.push([`${name} parameter ${parameter.name}`, parameter.schema, parameter.example]);
    }
    for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
      fromMedia(`${name} request ${type}`, media);
    }
    for (const [status, ref] of Object.entries(op.responses)) {
      for (const [type, media] of Object.entries(resolveRef<Response>(ref).content ?? {})) {
        fromMedia(`${name} ${status} ${type}`, media);
      }
    }
  }
  return found;
}

/** The placeholder values of the vendor's own examples ("string", "integer", `{}`) found in `value`. */
function placeholdersIn(value: unknown, at = ""): string[] {
  if (typeof value === "string") {
    return ["string", "integer", "number", "boolean", "date-time"].includes(value) ? [at] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => placeholdersIn(item, `${at}/${i}`));
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return [`${at} {}`];
    return entries.flatMap(([key, item]) => placeholdersIn(item, `${at}/${key}`));
  }
  return [];
}

// The reference's facts about each operation.
type Errors = Record<string, Record<string, string>>;
/** listConnections, getConnection, getRefreshStatus: 400, 401, 409 and 423 are declared as any media type. */
const readErrors: Errors = {
  "400": { "*/*": "ErrorOrNonJsonBody" },
  "401": { "*/*": "ErrorOrNonJsonBody" },
  "403": { "application/json": "ErrorResponse" },
  "404": { "application/json": "ErrorResponse" },
  "409": { "*/*": "ErrorOrNonJsonBody" },
  "423": { "*/*": "ErrorOrNonJsonBody" },
  "429": { "application/json": "ErrorResponse" },
  "500": { "application/json": "ErrorResponse" },
};
/** refreshConnection, refreshBatch, getRefreshBatchStatus: 400 is a JSON MultiError; only 423 is any media type. */
const writeErrors: Errors = {
  "400": { "application/json": "MultiError" },
  "401": { "application/json": "ErrorResponse" },
  "403": { "application/json": "ErrorResponse" },
  "404": { "application/json": "ErrorResponse" },
  "409": { "application/json": "ErrorResponse" },
  "423": { "*/*": "ErrorOrNonJsonBody" },
  "429": { "application/json": "ErrorResponse" },
  "500": { "application/json": "ErrorResponse" },
};
const string = { type: "string" };
const workspaceId = ["workspaceId", "query", false, { type: "string", maxLength: 40 }];
const reference: Record<
  string,
  {
    method: string;
    path: string;
    parameters: unknown[][];
    body?: string;
    ok: string;
    errors: Errors;
    conflict: string;
  }
> = {
  listConnections: {
    method: "get",
    path: "/api/v1/connections",
    parameters: [
      ["sourceType", "query", false, { $ref: "#/components/schemas/SourceTypeFilter" }],
      ["destinationType", "query", false, { $ref: "#/components/schemas/DestinationTypeFilter" }],
      ["sourceId", "query", false, string],
      ["destinationId", "query", false, string],
      ["cursor", "query", false, string],
      [
        "limit",
        "query",
        false,
        { type: "integer", format: "int32", minimum: 1, maximum: 1000, default: 1000 },
      ],
      ["offset", "query", false, { type: "integer", format: "int64", minimum: 0, default: 0 }],
    ],
    ok: "ConnectionPageResponse",
    errors: readErrors,
    conflict: "Conflict",
  },
  getConnection: {
    method: "get",
    path: "/api/v1/connections/{connectionId}",
    parameters: [["connectionId", "path", true, string], workspaceId],
    ok: "ConnectionResponse",
    errors: readErrors,
    conflict: "Conflict",
  },
  refreshConnection: {
    method: "post",
    path: "/api/v1/connections/{connectionId}/refresh",
    parameters: [["connectionId", "path", true, string]],
    body: "RefreshConnection",
    ok: "ConnectionRunResponse",
    errors: writeErrors,
    conflict: "Collision",
  },
  getRefreshStatus: {
    method: "get",
    path: "/api/v1/connections/{connectionId}/status",
    parameters: [
      ["connectionId", "path", true, string],
      ["jobId", "query", false, string],
      workspaceId,
    ],
    ok: "ConnectionRunResponse",
    errors: readErrors,
    conflict: "Conflict",
  },
  refreshBatch: {
    method: "post",
    path: "/api/v1/connections/batch/refresh",
    parameters: [["cancelUnwritables", "query", false, { type: "boolean" }]],
    body: "RefreshBatchRequest",
    ok: "RefreshBatchResponse",
    errors: writeErrors,
    conflict: "Collision",
  },
  getRefreshBatchStatus: {
    method: "get",
    path: "/api/v1/connections/batch/refresh/{batchId}",
    parameters: [["batchId", "path", true, string], workspaceId],
    ok: "RefreshBatchResponse",
    errors: writeErrors,
    conflict: "Collision",
  },
};

/** The operation with this operationId, with its method and path. */
function find(operationId: string): { method: string; path: string; op: Operation } {
  const [name, op] = operations.find(([, o]) => o.operationId === operationId) ?? [];
  if (!name || !op) throw new Error(`The spec has no operation ${operationId}`);
  const [method = "", path = ""] = name.split(" ");
  return { method, path, op };
}

/** A parameter's schema, by operation and name. */
function parameterSchema(operationId: string, name: string): Record<string, unknown> {
  const parameter = parametersOf(find(operationId).op).find((p) => p.name === name);
  if (!parameter) throw new Error(`${operationId} has no parameter ${name}`);
  return parameter.schema;
}

describe("spec/openapi.yaml", () => {
  test("declares OpenAPI 3.1 and Workiva's three regional servers with their token URLs", () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    // The regions, base URLs and token hosts as the API reference lists them.
    expect(
      spec.servers.map((s: Record<string, string>) => [s["x-region"], s.url, s["x-token-url"]]),
    ).toEqual([
      ["us", "https://h.app.wdesk.com/s/wdata/prep", "https://api.app.wdesk.com/oauth2/token"],
      ["eu", "https://h.eu.wdesk.com/s/wdata/prep", "https://api.eu.wdesk.com/oauth2/token"],
      ["apac", "https://h.apac.wdesk.com/s/wdata/prep", "https://api.apac.wdesk.com/oauth2/token"],
    ]);
    expect(spec.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl).toBe(
      "https://api.app.wdesk.com/oauth2/token",
    );
  });

  test("describes exactly the six operations of the connections family", () => {
    expect(operations.map(([, op]) => op.operationId).sort()).toEqual(
      Object.keys(reference).sort(),
    );
  });

  test.each(operations)("%s has an operationId, a summary and every documented error", (_, op) => {
    expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
    expect(op.summary).toBeTruthy();
    expect(op.description).toBeTruthy();
    expect(Object.keys(op.responses).sort()).toEqual(["200", ...documentedErrors]);
  });
});

describe.each(Object.entries(reference))("%s", (operationId, facts) => {
  const { method, path, op } = find(operationId);

  test("has the reference's method and path", () => {
    expect([method, path]).toEqual([facts.method, facts.path]);
  });

  test("has the reference's parameters, with their types, bounds and defaults", () => {
    expect(parametersOf(op).map((p) => [p.name, p.in, p.required ?? false, p.schema])).toEqual(
      facts.parameters,
    );
    for (const parameter of parametersOf(op)) {
      expect(parameter.description, parameter.name).toBeTruthy();
    }
  });

  test(facts.body ? `takes a required JSON ${facts.body}` : "takes no request body", () => {
    if (!facts.body) {
      expect(op.requestBody).toBeUndefined();
      return;
    }
    expect(op.requestBody?.required).toBe(true);
    expect(Object.keys(op.requestBody?.content ?? {})).toEqual(["application/json"]);
    expect(schemaName(op.requestBody?.content["application/json"]?.schema as Ref)).toBe(facts.body);
  });

  test(`answers 200 with a JSON ${facts.ok}`, () => {
    const response = resolveRef<Response>(op.responses["200"] as Response);
    expect(Object.keys(response.content ?? {})).toEqual(["application/json"]);
    expect(schemaName(response.content?.["application/json"]?.schema as Ref)).toBe(facts.ok);
  });

  test("declares each error status with the reference's media types", () => {
    const declared = Object.fromEntries(
      documentedErrors.map((status) => {
        const { content = {} } = resolveRef<Response>(op.responses[status] as Response);
        return [
          status,
          Object.fromEntries(Object.entries(content).map(([t, m]) => [t, schemaName(m.schema)])),
        ];
      }),
    );
    expect(declared).toEqual(facts.errors);
    const conflict = resolveRef<Response>(op.responses["409"] as Response);
    expect(conflict.description.startsWith(facts.conflict)).toBe(true);
  });
});

describe("schemas of the connections family", () => {
  const schemas = spec.components.schemas;

  test("the list filters are the reference's subsets of RecordType", () => {
    const without = (...excluded: string[]) => recordTypes.filter((t) => !excluded.includes(t));
    const notFiltered = ["wdata_shared_query", "chart_visual", "unknown_record_type"];
    expect(schemas.SourceTypeFilter.enum).toEqual(without(...notFiltered));
    expect(schemas.DestinationTypeFilter.enum).toEqual(without(...notFiltered, "esg_program"));
    expect(recordTypes).toContain("chart_visual");
  });

  test("RunStatus has the reference's values and marks the terminal ones", () => {
    expect(schemas.RunStatus.enum).toEqual([
      "not_started",
      "running",
      "complete",
      "error",
      "cancelled",
    ]);
    expect(schemas.RunStatus["x-terminal"]).toEqual(["complete", "error", "cancelled"]);
  });

  test("envelopes require body and code; a page's cursor is an optional string or null", () => {
    for (const name of [
      "ConnectionResponse",
      "ConnectionPageResponse",
      "ConnectionRunResponse",
      "RefreshBatchResponse",
    ]) {
      expect(schemas[name].required, name).toEqual(["body", "code"]);
      expect(schemas[name].properties.code, name).toMatchObject({
        type: "integer",
        format: "int32",
      });
    }
    expect(schemas.ConnectionPageResponse.properties.body.items).toEqual({
      $ref: "#/components/schemas/Connection",
    });
    expect(schemas.ConnectionPageResponse.properties.cursor.type).toEqual(["string", "null"]);
  });

  test("RefreshConnection has the reference's write-only properties, none required", () => {
    const { properties, required } = schemas.RefreshConnection;
    expect(required).toBeUndefined();
    expect(
      Object.fromEntries(
        Object.entries(properties as Record<string, Record<string, unknown>>).map(([k, v]) => [
          k,
          [v.type, v.writeOnly],
        ]),
      ),
    ).toEqual({
      connectionId: ["string", true],
      workspaceId: ["string", true],
      sourceParameters: ["object", true],
      destinationParameters: ["object", true],
      usePreviousSourceParameters: ["boolean", true],
      usePreviousDestinationParameters: ["boolean", true],
    });
  });

  test("a batch body is an array of 1 to 100 RefreshConnection items", () => {
    expect(schemas.RefreshBatchRequest).toMatchObject({
      type: "array",
      minItems: 1,
      maxItems: 100,
      items: { $ref: "#/components/schemas/RefreshConnection" },
    });
  });

  test("RefreshBatch has the reference's properties", () => {
    expect(Object.keys(schemas.RefreshBatch.properties).sort()).toEqual([
      "batchRefreshId",
      "childRefreshes",
      "created",
      "createdBy",
      "destinationStatus",
      "error",
      "sourceStatus",
      "updated",
    ]);
    expect(schemas.RefreshBatch.properties.childRefreshes.items).toEqual({
      $ref: "#/components/schemas/ConnectionRun",
    });
  });

  test("the descriptions say what the reference leaves open", () => {
    const text = (operationId: string) => find(operationId).op.description ?? "";
    expect(text("listConnections")).toMatch(/`limit` is then ignored/);
    expect(text("listConnections")).toMatch(
      /absent, `null`\s+or empty, or that comes back unchanged/,
    );
    expect(text("listConnections")).toMatch(/requires `sourceId`/);
    expect(text("refreshConnection")).toMatch(/`200` with the new run, not `202`/);
    expect(text("refreshConnection")).toMatch(/silent on which one wins/);
    for (const post of ["refreshConnection", "refreshBatch"]) {
      expect(text(post)).toMatch(/no idempotency key/);
    }
    expect(schemas.RecordType.description).toMatch(/`chart_visual` was added in March 2026/);
    expect(schemas.ConnectionRun.description).toMatch(/counts a run as finished/);
    expect(schemas.ErrorOrNonJsonBody.description).toMatch(/`\*\/\*`/);
  });
});

describe("examples", () => {
  test("every operation has a 200 example, and each POST a request example", () => {
    for (const operationId of Object.keys(reference)) {
      const { method, path } = find(operationId);
      const names = examplesOf().map(([name]) => name);
      expect(
        names.some((n) => n.startsWith(`${method} ${path} 200 `)),
        operationId,
      ).toBe(true);
      if (method === "post") {
        expect(
          names.some((n) => n.startsWith(`${method} ${path} request `)),
          operationId,
        ).toBe(true);
      }
    }
  });

  test("several error statuses have examples, including a body that is not JSON", () => {
    const examples = examplesOf();
    for (const status of ["400", "401", "404", "423", "429"]) {
      expect(
        examples.some(([name]) => name.includes(` ${status} `)),
        status,
      ).toBe(true);
    }
    expect(
      examples.some(([, , value]) => typeof value === "string" && value.includes("<html")),
    ).toBe(true);
  });

  test.each(examplesOf())("%s validates against its schema", (_, schema, value) => {
    expect(validateSchema(schema, value)).toEqual([]);
  });

  test.each(examplesOf())("%s has no placeholder values", (_, __, value) => {
    expect(placeholdersIn(value)).toEqual([]);
  });

  test("the getConnection example has a last run and real timestamps", () => {
    const { value } = spec.components.examples.ConnectionWithLastRun;
    expect(value.body.lastRun).toBeTypeOf("object");
    expect(value.body.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test("the list examples end with a cursor and with null", () => {
    const { FirstPageOfTwo, LastPageFiltered } = spec.components.examples;
    expect(FirstPageOfTwo.value.cursor).toMatch(/^\S+$/);
    expect(LastPageFiltered.value.cursor).toBeNull();
  });
});

describe("the validator", () => {
  const run = { connectionId: "0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e" };

  test("rejects what the schemas forbid", () => {
    expect(validateAgainst("Connection", { sourceType: "excel" })).not.toEqual([]);
    expect(validateAgainst("Connection", { created: "yesterday" })).not.toEqual([]);
    expect(validateAgainst("ConnectionResponse", { body: {} })).not.toEqual([]);
    expect(validateAgainst("ErrorResponse", { code: 404 })).not.toEqual([]);
    expect(validateAgainst("ErrorResponse", { body: ["a", 1], code: 400 })).not.toEqual([]);
    expect(validateAgainst("ErrorDetail", { code: "E1" })).not.toEqual([]);
  });

  test("rejects a batch of none or of 101, and accepts one of 100", () => {
    expect(validateAgainst("RefreshBatchRequest", [])).not.toEqual([]);
    expect(validateAgainst("RefreshBatchRequest", Array(101).fill(run))).not.toEqual([]);
    expect(validateAgainst("RefreshBatchRequest", Array(100).fill(run))).toEqual([]);
    expect(validateAgainst("RefreshBatchRequest", run)).not.toEqual([]);
  });

  test("rejects a page without body or code, or with a cursor that is not a string", () => {
    expect(validateAgainst("ConnectionPageResponse", { code: 200, cursor: null })).not.toEqual([]);
    expect(validateAgainst("ConnectionPageResponse", { body: [] })).not.toEqual([]);
    expect(
      validateAgainst("ConnectionPageResponse", { body: [], code: 200, cursor: 2 }),
    ).not.toEqual([]);
    expect(validateAgainst("ConnectionPageResponse", { body: {}, code: 200 })).not.toEqual([]);
    expect(
      validateAgainst("ConnectionPageResponse", { body: [], code: 200, cursor: null }),
    ).toEqual([]);
    expect(validateAgainst("ConnectionPageResponse", { body: [], code: 200 })).toEqual([]);
  });

  test("rejects bad run bodies, runs and batches", () => {
    expect(
      validateAgainst("RefreshConnection", { usePreviousSourceParameters: "yes" }),
    ).not.toEqual([]);
    expect(
      validateAgainst("RefreshConnection", { sourceParameters: "period=2026-11" }),
    ).not.toEqual([]);
    expect(validateAgainst("ConnectionRunResponse", { body: {} })).not.toEqual([]);
    expect(
      validateAgainst("ConnectionRunResponse", { body: { sourceStatus: "done" }, code: 200 }),
    ).not.toEqual([]);
    expect(
      validateAgainst("RefreshBatch", { childRefreshes: [{ destinationStatus: "paused" }] }),
    ).not.toEqual([]);
    expect(
      validateAgainst("RefreshBatchResponse", { body: { created: "today" }, code: 200 }),
    ).not.toEqual([]);
  });

  test("rejects a filter the list does not take", () => {
    expect(validateAgainst("SourceTypeFilter", "chart_visual")).not.toEqual([]);
    expect(validateAgainst("SourceTypeFilter", "esg_program")).toEqual([]);
    expect(validateAgainst("DestinationTypeFilter", "esg_program")).not.toEqual([]);
  });

  test("takes an error envelope or any text for a */* body, and nothing else", () => {
    for (const body of [
      { body: "Not signed in", code: 401 },
      { body: ["limit must be between 1 and 1000"], code: 400 },
      "<!DOCTYPE html><html></html>",
      "",
    ]) {
      expect(validateAgainst("ErrorOrNonJsonBody", body)).toEqual([]);
    }
    expect(validateAgainst("ErrorOrNonJsonBody", { code: 401 })).not.toEqual([]);
    expect(validateAgainst("ErrorOrNonJsonBody", 42)).not.toEqual([]);
  });

  test("rejects parameters out of their bounds", () => {
    const limit = parameterSchema("listConnections", "limit");
    for (const bad of [0, 1001, 10.5, "10"])
      expect(validateSchema(limit, bad), `${bad}`).not.toEqual([]);
    for (const good of [1, 1000]) expect(validateSchema(limit, good)).toEqual([]);
    expect(validateSchema(parameterSchema("listConnections", "offset"), -1)).not.toEqual([]);
    const workspace = parameterSchema("getRefreshStatus", "workspaceId");
    expect(validateSchema(workspace, "w".repeat(41))).not.toEqual([]);
    expect(validateSchema(workspace, "w".repeat(40))).toEqual([]);
  });
});

test("every component schema and property has a description", () => {
  for (const [name, schema] of Object.entries(spec.components.schemas)) {
    const { properties = {}, description } = schema as {
      description?: string;
      properties?: Record<string, { description?: string }>;
    };
    expect(description, name).toBeTruthy();
    for (const [prop, value] of Object.entries(properties)) {
      expect(value.description, `${name}.${prop}`).toBeTruthy();
    }
  }
});
