// Generates the types and constants of @wdata-prep/core from spec/openapi.yaml.
// `node scripts/generate.mjs` writes src/generated/; `--check` fails when they differ;
// `--watch` writes them again whenever the spec changes.
//
// Writing is skipped when nothing it depends on changed since the last run here: a content hash
// of the spec, this script, the generator's version and the generated files is kept in
// node_modules/.cache, so a cached `pnpm build` does not pay for openapi-typescript.
import { createHash } from "node:crypto";
import { watch } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { parse } from "yaml";

const specUrl = new URL("../../../spec/openapi.yaml", import.meta.url);
const outDir = new URL("../src/generated/", import.meta.url);
const outputs = ["openapi.ts", "constants.ts"];
const hashFile = new URL("../node_modules/.cache/generate.sha256", import.meta.url);
const header =
  "// This file is generated from spec/openapi.yaml by `pnpm generate`. Do not edit it by hand.\n\n";

/** The hash of everything the generated files depend on, and of the files themselves. */
async function inputsHash() {
  const hash = createHash("sha256");
  const generator = new URL(import.meta.resolve("openapi-typescript/package.json"));
  for (const url of [specUrl, new URL(import.meta.url), generator]) {
    hash.update(await readFile(url));
  }
  for (const name of outputs) hash.update(await readFile(new URL(name, outDir)).catch(() => ""));
  return hash.digest("hex");
}

/** Resolves a local `$ref` such as `#/components/parameters/WorkspaceId` in the spec. */
function resolve(spec, node) {
  if (!node?.$ref) return node;
  return node.$ref
    .split("/")
    .slice(1)
    .reduce((at, key) => at?.[key], spec);
}

/** The operation with this `operationId`, in whichever path of the spec holds it. */
function operation(spec, operationId) {
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) if (op?.operationId === operationId) return op;
  }
  throw new Error(`The spec has no operation ${operationId}.`);
}

/** The schema of the parameter `name` of an operation. */
function parameterSchema(spec, operationId, name) {
  const parameter = (operation(spec, operationId).parameters ?? [])
    .map((p) => resolve(spec, p))
    .find((p) => p.name === name);
  if (!parameter) throw new Error(`${operationId} has no parameter ${name} in the spec.`);
  return resolve(spec, parameter.schema);
}

/** The schema of an operation's JSON request body. */
function requestBodySchema(spec, operationId) {
  const body = resolve(spec, operation(spec, operationId).requestBody);
  const schema = body?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`${operationId} has no JSON request body in the spec.`);
  return resolve(spec, schema);
}

/** The `x-terminal` values of `RunStatus`, each one of its `enum`. */
function terminalRunStatuses(spec) {
  const { enum: values = [], "x-terminal": terminal } = spec.components.schemas.RunStatus;
  if (!Array.isArray(terminal) || terminal.length === 0) {
    throw new Error("RunStatus needs an x-terminal list of its terminal values in the spec.");
  }
  const unknown = terminal.filter((value) => !values.includes(value));
  if (unknown.length > 0) throw new Error(`x-terminal lists ${unknown}, not RunStatus values.`);
  return terminal;
}

/**
 * The values of a type filter of `listConnections`, such as `sourceType`, and the name of the
 * schema its parameter refers to, such as `SourceTypeFilter`, whose `enum` they are.
 */
function listFilter(spec, name) {
  const parameter = (operation(spec, "listConnections").parameters ?? [])
    .map((p) => resolve(spec, p))
    .find((p) => p.name === name);
  const schema = parameter?.schema?.$ref?.match(/^#\/components\/schemas\/(\w+)$/)?.[1];
  const values = spec.components.schemas[schema]?.enum;
  if (!schema || !Array.isArray(values) || values.length === 0) {
    throw new Error(`listConnections' ${name} needs a $ref to a schema with an enum in the spec.`);
  }
  return { schema, values };
}

/**
 * The generated constant of a `listConnections` type filter: every value, in the spec's order,
 * kept as a tuple of literals so that a type test can tell it holds every value of its union.
 */
function listFilterConstant(spec, name, constant) {
  const { schema, values } = listFilter(spec, name);
  return `/**
 * Every \`${name}\` that \`listConnections\` filters by, in the order of the spec (the
 * \`${schema}\` enum). The API may add values.
 */
export const ${constant} = [
${values.map((value) => `  ${JSON.stringify(value)},`).join("\n")}
] as const satisfies readonly components["schemas"][${JSON.stringify(schema)}][];`;
}

/** A number the spec must give: fails the generation when it is missing. */
function required(value, what) {
  if (typeof value !== "number") throw new Error(`The spec gives no ${what}.`);
  return value;
}

/** The `maxLength` of every `workspaceId` parameter, which must agree. */
function workspaceIdMaxLength(spec) {
  const lengths = new Set();
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      for (const parameter of (op?.parameters ?? []).map((p) => resolve(spec, p))) {
        if (parameter.name !== "workspaceId") continue;
        lengths.add(resolve(spec, parameter.schema).maxLength);
      }
    }
  }
  if (lengths.size !== 1) {
    throw new Error(`Every workspaceId parameter needs the same maxLength, not ${[...lengths]}.`);
  }
  return required([...lengths][0], "maxLength of workspaceId");
}

async function render() {
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  const openapi = header + astToString(await openapiTS(specUrl));
  const spec = parse(await readFile(specUrl, "utf8"));
  const servers = spec.servers.map((server) => {
    if (!server["x-region"] || !server["x-token-url"]) {
      throw new Error(`Server ${server.url} needs x-region and x-token-url in the spec.`);
    }
    return { region: server["x-region"], url: server.url, tokenUrl: server["x-token-url"] };
  });
  const record = (key) =>
    `{\n${servers.map((s) => `  ${s.region}: ${JSON.stringify(s[key])},`).join("\n")}\n}`;
  const limit = parameterSchema(spec, "listConnections", "limit");
  const batch = requestBodySchema(spec, "refreshBatch");
  const constants = `${header}import type { components } from "./openapi.ts";

/** A region of the Prep API, from the \`x-region\` of each server in the spec. */
export type Region = ${servers.map((s) => JSON.stringify(s.region)).join(" | ")};

/** The Prep API base URL of each region (the spec's \`servers\`). */
export const PREP_SERVERS: Record<Region, string> = ${record("url")};

/** The OAuth2 client-credentials token URL of each region (each server's \`x-token-url\`). */
export const PREP_TOKEN_URLS: Record<Region, string> = ${record("tokenUrl")};

/** The longest \`workspaceId\` the API accepts (its \`maxLength\` in the spec). */
export const WORKSPACE_ID_MAX_LENGTH = ${workspaceIdMaxLength(spec)};

/**
 * The run statuses after which a side of a run changes no more (the \`x-terminal\` list of
 * \`RunStatus\` in the spec). A status not in this list, including one the API adds later,
 * counts as not terminal.
 */
export const TERMINAL_RUN_STATUSES: readonly components["schemas"]["RunStatus"][] = [
${terminalRunStatuses(spec)
  .map((status) => `  ${JSON.stringify(status)},`)
  .join("\n")}
];

/** The smallest \`limit\` of \`listConnections\` (its \`minimum\` in the spec). */
export const LIST_CONNECTIONS_LIMIT_MIN = ${required(limit.minimum, "minimum of listConnections' limit")};

/** The largest \`limit\` of \`listConnections\` (its \`maximum\` in the spec). */
export const LIST_CONNECTIONS_LIMIT_MAX = ${required(limit.maximum, "maximum of listConnections' limit")};

/** The \`limit\` of \`listConnections\` when none is sent (its \`default\` in the spec). */
export const LIST_CONNECTIONS_LIMIT_DEFAULT = ${required(limit.default, "default of listConnections' limit")};

${listFilterConstant(spec, "sourceType", "SOURCE_TYPE_FILTERS")}

${listFilterConstant(spec, "destinationType", "DESTINATION_TYPE_FILTERS")}

/** The fewest connections one \`refreshBatch\` request may run (its body's \`minItems\` in the spec). */
export const REFRESH_BATCH_MIN_ITEMS = ${required(batch.minItems, "minItems of refreshBatch's body")};

/** The most connections one \`refreshBatch\` request may run (its body's \`maxItems\` in the spec). */
export const REFRESH_BATCH_MAX_ITEMS = ${required(batch.maxItems, "maxItems of refreshBatch's body")};
`;
  return { "openapi.ts": openapi, "constants.ts": constants };
}

async function write() {
  if ((await readFile(hashFile, "utf8").catch(() => "")) === (await inputsHash())) return;
  const files = await render();
  await mkdir(outDir, { recursive: true });
  for (const [name, contents] of Object.entries(files)) {
    const path = new URL(name, outDir);
    if ((await readFile(path, "utf8").catch(() => null)) === contents) continue;
    await writeFile(path, contents);
    console.log(`wrote packages/core/src/generated/${name}`);
  }
  await mkdir(new URL(".", hashFile), { recursive: true });
  await writeFile(hashFile, await inputsHash());
}

async function check() {
  const stale = [];
  for (const [name, expected] of Object.entries(await render())) {
    const actual = await readFile(new URL(name, outDir), "utf8").catch(() => null);
    if (actual !== expected) stale.push(`packages/core/src/generated/${name}`);
  }
  if (stale.length > 0) {
    console.error(
      `Generated files differ from spec/openapi.yaml: ${stale.join(", ")}.\nRun \`pnpm generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log("Generated files match spec/openapi.yaml.");
}

function watchSpec() {
  let timer;
  const regenerate = () =>
    write().then(
      () => console.log(`${new Date().toLocaleTimeString()} types up to date with the spec`),
      (error) => console.error(`The spec does not generate yet: ${error.message}`),
    );
  console.log("Watching spec/openapi.yaml (Ctrl-C to stop)…");
  watch(new URL(".", specUrl), (_, filename) => {
    if (filename !== "openapi.yaml") return;
    clearTimeout(timer);
    timer = setTimeout(regenerate, 100);
  });
}

if (process.argv.includes("--check")) {
  await check();
} else {
  await write();
  if (process.argv.includes("--watch")) watchSpec();
}
