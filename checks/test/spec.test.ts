import { describe, expect, test } from "vitest";
import { resolveRef, spec, validateAgainst } from "../src/spec.ts";

type MediaType = { schema: { $ref: string }; examples?: Record<string, { $ref: string }> };
type Response = { content?: Record<string, MediaType> };
type Operation = {
  operationId?: string;
  summary?: string;
  responses: Record<string, Response | { $ref: string }>;
};

const operations: [string, Operation][] = Object.entries(
  spec.paths as Record<string, Record<string, Operation>>,
).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]): [string, Operation] => [`${method} ${path}`, op]),
);
const documentedErrors = ["400", "401", "403", "404", "409", "423", "429", "500"];

function examplesOf(): [string, string, unknown][] {
  const found: [string, string, unknown][] = [];
  for (const [name, op] of operations) {
    for (const [status, ref] of Object.entries(op.responses)) {
      const response = resolveRef<Response>(ref);
      for (const media of Object.values(response.content ?? {})) {
        const schemaName = media.schema.$ref.split("/").pop() as string;
        for (const [key, example] of Object.entries(media.examples ?? {})) {
          const { value } = resolveRef<{ value: unknown }>(example);
          found.push([`${name} ${status} ${key}`, schemaName, value]);
        }
      }
    }
  }
  return found;
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

  test("getConnection has the reference's path, method and parameters", () => {
    const operation = spec.paths["/api/v1/connections/{connectionId}"].get;
    expect(operation.operationId).toBe("getConnection");
    const parameters = operation.parameters.map((ref: object) => {
      const p = resolveRef<{ name: string; in: string; required?: boolean; schema: object }>(ref);
      return [p.name, p.in, p.required ?? false, p.schema];
    });
    expect(parameters).toEqual([
      ["connectionId", "path", true, { type: "string" }],
      ["workspaceId", "query", false, { type: "string", maxLength: 40 }],
    ]);
  });

  test.each(operations)("%s has an operationId, a summary and every documented error", (_, op) => {
    expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
    expect(op.summary).toBeTruthy();
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["200", ...documentedErrors]));
  });

  test("has a 200, a 404 and a 429 example", () => {
    const names = examplesOf().map(([name]) => name);
    for (const status of ["200", "404", "429"]) {
      expect(names.some((name) => name.includes(` ${status} `))).toBe(true);
    }
  });

  test.each(examplesOf())("example %s validates against %s", (_, schemaName, value) => {
    expect(validateAgainst(schemaName, value)).toEqual([]);
  });

  test("the 200 example has a last run and real timestamps", () => {
    const [, , value] =
      examplesOf().find(([name]) =>
        name.startsWith("get /api/v1/connections/{connectionId} 200"),
      ) ?? [];
    const { body } = value as { body: Record<string, unknown> & { lastRun: object } };
    expect(body.lastRun).toBeTypeOf("object");
    expect(JSON.stringify(value)).not.toContain('"string"');
  });

  test("the validator rejects what the schemas forbid", () => {
    expect(validateAgainst("Connection", { sourceType: "excel" })).not.toEqual([]);
    expect(validateAgainst("Connection", { created: "yesterday" })).not.toEqual([]);
    expect(validateAgainst("ConnectionResponse", { body: {} })).not.toEqual([]);
    expect(validateAgainst("ErrorResponse", { code: 404 })).not.toEqual([]);
    expect(validateAgainst("ErrorResponse", { body: ["a", 1], code: 400 })).not.toEqual([]);
    expect(validateAgainst("ErrorDetail", { code: "E1" })).not.toEqual([]);
  });

  test("every component property has a description", () => {
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
});
