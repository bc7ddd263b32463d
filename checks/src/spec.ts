// Validates values against the component schemas of spec/openapi.yaml with a real JSON Schema
// (draft 2020-12) validator. Used by the spec tests and the mock server's tests.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

const specPath = new URL("../../spec/openapi.yaml", import.meta.url);
const schemaId = "https://wdata-prep.dev/spec/openapi.yaml";

/** The parsed spec. */
// biome-ignore lint/suspicious/noExplicitAny: the parsed YAML is walked as plain data in tests
export const spec: any = parse(readFileSync(specPath, "utf8"));

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
ajv.addFormat("int32", {
  type: "number",
  validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
});
ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
// OpenAPI extensions such as `x-terminal` annotate schemas for the generator; Ajv ignores them.
const extensions = JSON.stringify(spec.components.schemas).match(/(?<=")x-[\w-]+(?=":)/g);
for (const keyword of new Set(extensions)) ajv.addKeyword({ keyword });
// OpenAPI refers to `#/components/schemas/X`; the same schemas are served to Ajv as `$defs`.
const toDefs = (schema: unknown) =>
  JSON.parse(JSON.stringify(schema).replaceAll("#/components/schemas/", `${schemaId}#/$defs/`));
const schemas = toDefs(spec.components.schemas);
ajv.addSchema({ $id: schemaId, $defs: schemas });

/** Returns the validation errors of `value` against a component schema, or `[]` when it is valid. */
export function validateAgainst(schemaName: string, value: unknown): string[] {
  const validate = ajv.getSchema(`${schemaId}#/$defs/${schemaName}`);
  if (!validate) throw new Error(`The spec has no component schema named ${schemaName}`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

/**
 * Returns the validation errors of `value` against a schema written in the spec outside the
 * component schemas, such as a parameter's, or `[]` when it is valid. Its `$ref`s may name
 * component schemas.
 */
export function validateSchema(schema: object, value: unknown): string[] {
  const validate = ajv.compile(toDefs(schema));
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

/** Resolves a local `$ref` such as `#/components/responses/NotFound` in the spec. */
export function resolveRef<T = unknown>(node: { $ref?: string } | T): T {
  const ref = (node as { $ref?: string }).$ref;
  if (!ref) return node as T;
  return ref
    .split("/")
    .slice(1)
    .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], spec) as T;
}
