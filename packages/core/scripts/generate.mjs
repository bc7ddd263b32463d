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
  const constants = `${header}/** A region of the Prep API, from the \`x-region\` of each server in the spec. */
export type Region = ${servers.map((s) => JSON.stringify(s.region)).join(" | ")};

/** The Prep API base URL of each region (the spec's \`servers\`). */
export const PREP_SERVERS: Record<Region, string> = ${record("url")};

/** The OAuth2 client-credentials token URL of each region (each server's \`x-token-url\`). */
export const PREP_TOKEN_URLS: Record<Region, string> = ${record("tokenUrl")};

/** The longest \`workspaceId\` the API accepts (its \`maxLength\` in the spec). */
export const WORKSPACE_ID_MAX_LENGTH = ${workspaceIdMaxLength(spec)};
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
