// Consumer projects: a template folder of release/consumers copied to a scratch folder, the
// published packages installed into it with npm from the rehearsal's registry (everything else
// from the usual registry, through the one npm cache every consumer shares), and its checks run.
import assert from "node:assert/strict";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "./run.mjs";

const templates = new URL("../consumers/", import.meta.url).pathname;

/**
 * Copies the template `template` to `folder` and installs `specs` into it with npm
 * (`npm install <spec>…`, as a user adds packages), the `@wdata-prep` scope from `registry`.
 * Checks that each `@wdata-prep` package installed is the one the registry holds for `version`.
 * @param {{ template: string, folder: string, specs: string[], version: string }} consumer
 * @param {{ url: string }} registry
 * @param {(text: string) => void} check
 */
export async function install({ template, folder, specs, version }, registry, check) {
  cpSync(join(templates, template), folder, { recursive: true });
  writeFileSync(
    join(folder, ".npmrc"),
    `@wdata-prep:registry=${registry.url}\nfund=false\naudit=false\n`,
  );
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...specs], {
    cwd: folder,
  });
  const lock = JSON.parse(readFileSync(join(folder, "package-lock.json"), "utf8"));
  const ours = Object.entries(lock.packages).filter(([path]) =>
    path.startsWith("node_modules/@wdata-prep/"),
  );
  assert.ok(ours.length > 0, "no @wdata-prep package was installed");
  for (const [path, entry] of ours) {
    const name = path.slice("node_modules/".length);
    const packument = await (await fetch(`${registry.url}${name.replace("/", "%2f")}`)).json();
    assert.equal(entry.version, version, `${name}'s installed version`);
    assert.equal(entry.integrity, packument.versions[version].dist.integrity, `${name}'s tarball`);
  }
  check(
    `npm installed ${specs.join(" ")}; ${ours.map(([path]) => path.slice(13)).join(", ")} are the registry's ${version}`,
  );
}

/**
 * Runs `node …args` in the consumer `folder` (a script and what goes before it); the script
 * prints a JSON list of what it checked as its last line, each passed to `check`.
 * @param {string} folder
 * @param {string[]} args
 * @param {(text: string) => void} check
 */
export async function runChecks(folder, args, check) {
  const printed = await run(process.execPath, args, {
    cwd: folder,
    // Nothing from the environment of the rehearsal, such as a token, reaches the consumer.
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    // A script that is done but does not exit (a timer left running) fails in two minutes.
    timeoutMs: 120_000,
  });
  for (const text of JSON.parse(printed.trim().split("\n").at(-1) ?? "[]")) check(text);
}

/**
 * Runs the consumer's own TypeScript over `project` (a tsconfig file in `folder`); rejects with
 * its errors, one line each, when there are any.
 * @param {string} folder
 * @param {string} project
 */
export async function typecheck(folder, project) {
  const tsc = ["node_modules/typescript/bin/tsc", "-p", project, "--pretty", "false"];
  await run(process.execPath, tsc, { cwd: folder }).catch((error) => {
    const errors = String(error.output ?? "").match(/^\S+\(\d+,\d+\): error TS\d+: .*$/gm) ?? [];
    if (errors.length === 0) throw error;
    throw new Error(
      `${errors.length} TypeScript errors (${project}):\n${errors.map((line) => line.slice(0, 300)).join("\n")}`,
    );
  });
}

/**
 * The version of each of `names` installed in the consumer `folder`, as `name@version`.
 * @param {string} folder
 * @param {string[]} names
 */
export function installedVersions(folder, names) {
  return names.map((name) => {
    const manifest = readFileSync(join(folder, "node_modules", name, "package.json"), "utf8");
    return `${name}@${JSON.parse(manifest).version}`;
  });
}

/** Copies the component every React consumer renders into the folder `into`. */
export function copySharedCard(into) {
  cpSync(join(templates, "shared", "ConnectionCard.tsx"), join(into, "ConnectionCard.tsx"));
}
