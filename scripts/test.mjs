// The test command (`pnpm test`): Biome, the drift check, then every workspace's lint, type
// checks, tests, package checks and API reports, and the API reference, through turbo. Red or
// green is the exit status of those commands; the counts are vitest's, added up from the
// test-results/vitest.json of each run.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const workspaces = [
  ...["packages", "examples"].flatMap((dir) =>
    readdirSync(join(root, dir)).map((name) => join(dir, name)),
  ),
  "checks",
];
const report = (workspace) => join(root, workspace, "test-results", "vitest.json");
for (const workspace of workspaces) rmSync(report(workspace), { force: true });

const steps = [
  ["biome", "ci", "."],
  // On its own and first: in the main run, `generate` (a dependency of `build`) would rewrite
  // the generated files before the check could see them differ from the spec.
  ["turbo", "run", "check:generated"],
  // build:docs builds the API reference, which fails on a warning such as a broken link.
  [
    "turbo",
    "run",
    "lint",
    "typecheck",
    "test",
    "check:package",
    "check:api",
    "build:docs",
    "--continue",
  ],
];
const failedSteps = steps.filter((args) => {
  console.log(`\n$ ${args.join(" ")}`);
  return spawnSync("pnpm", ["exec", ...args], { cwd: root, stdio: "inherit" }).status !== 0;
});

let passed = 0;
let failed = 0;
console.log("\nTests by workspace:");
for (const workspace of workspaces.filter((w) => existsSync(report(w)))) {
  const result = JSON.parse(readFileSync(report(workspace), "utf8"));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  console.log(`  ${workspace}: ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
}
if (failedSteps.length > 0) {
  console.log(`Failed: ${failedSteps.map((args) => args.join(" ")).join("; ")}`);
  // A check that is not a vitest test (Biome, Redocly, tsc, publint, attw, size-limit, API
  // Extractor, the drift check) failed: it counts, so a red run never ends in "0 failed".
  failed ||= failedSteps.length;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
