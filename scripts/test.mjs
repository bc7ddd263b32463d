// The test command (`pnpm test`): Biome, then every package's checks and tests through turbo,
// then one total. Each vitest run writes test-results/vitest.json; this adds them up. A check
// that is not a vitest test (Biome, Redocly, tsc, publint, attw, size-limit, the drift check)
// counts as one failure when it fails, so a red run never ends in "0 failed".
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { ensureChromium } from "./ensure-chromium.mjs";

const root = new URL("..", import.meta.url).pathname;
const workspaces = [
  ...["packages", "examples"].flatMap((dir) =>
    readdirSync(join(root, dir)).map((name) => join(dir, name)),
  ),
  "checks",
];
const report = (workspace) => join(root, workspace, "test-results", "vitest.json");
const tasks = ["lint", "typecheck", "test", "check:package"];

for (const workspace of workspaces) rmSync(report(workspace), { force: true });

function hasFailedTests(workspace) {
  return (
    existsSync(report(workspace)) &&
    JSON.parse(readFileSync(report(workspace), "utf8")).numFailedTests > 0
  );
}

function step(command, args) {
  console.log(`\n$ ${[command, ...args].join(" ")}`);
  return spawnSync(command, args, { cwd: root, stdio: "inherit" }).status === 0;
}

const failedChecks = [];
ensureChromium();
if (!step("pnpm", ["exec", "biome", "ci", "."])) failedChecks.push("biome");
const started = Date.now();
// The drift check runs on its own first: in the main run, `generate` (a dependency of `build`)
// would rewrite the generated files before the check could see them differ from the spec.
step("pnpm", ["exec", "turbo", "run", "check:generated", "--summarize"]);
step("pnpm", ["exec", "turbo", "run", ...tasks, "--continue", "--summarize"]);

const runsDir = join(root, ".turbo", "runs");
const summaries = existsSync(runsDir)
  ? readdirSync(runsDir)
      .map((name) => join(runsDir, name))
      .filter((file) => statSync(file).mtimeMs >= started)
  : [];
if (summaries.length === 0) failedChecks.push("turbo (no run summary)");
for (const file of summaries) {
  for (const task of JSON.parse(readFileSync(file, "utf8")).tasks) {
    const failed = task.execution?.exitCode !== 0;
    if (failed && task.task !== "test") failedChecks.push(task.taskId);
    if (failed && task.task === "test" && !hasFailedTests(task.directory)) {
      failedChecks.push(`${task.taskId} (failed outside its tests)`);
    }
  }
}

let passed = 0;
let failed = 0;
console.log("\nTests by package:");
for (const workspace of workspaces) {
  if (!existsSync(report(workspace))) continue;
  const result = JSON.parse(readFileSync(report(workspace), "utf8"));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  console.log(
    `  ${workspace}: ${result.numPassedTests} passed, ${result.numFailedTests} failed in ${result.testResults.length} files`,
  );
}
if (failedChecks.length > 0) console.log(`Failed checks: ${failedChecks.join(", ")}`);
failed += failedChecks.length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
