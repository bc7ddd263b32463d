// The release rehearsal (`pnpm test:release`): publishes a scratch clone of this commit to a
// real npm registry on 127.0.0.1, as a maintainer would, then installs the published packages
// with npm into fresh consumer projects and checks what runs in each. Every step prints how long
// it took; the last line is "N passed, N failed", counting the steps.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consumers } from "./consumers.mjs";
import { install } from "./project.mjs";
import {
  checkPublished,
  cloneRepository,
  publishedPackages,
  release,
  versionPackages,
} from "./publish.mjs";
import { startRegistry } from "./registry.mjs";
import { results, step, stopAll } from "./run.mjs";

const root = new URL("../..", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "wdata-prep-release-"));
// `--keep` leaves the scratch folder (clone, registry, consumers) for a look after a failure.
const keep = process.argv.includes("--keep");
const started = performance.now();
let registry;

// Stopped from outside (Ctrl-C, a CI time limit): the servers it started stop with it.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    stopAll();
    process.exit(130);
  });
}

try {
  registry = await step("Start a registry (Verdaccio) on 127.0.0.1", async (check) => {
    const started = await startRegistry(join(scratch, "registry"));
    check(`Verdaccio answers on ${started.url}, with a maintainer signed up`);
    return started;
  });
  const clone = join(scratch, "repo");
  const cloned =
    registry &&
    (await step("Clone this commit and install its dependencies", async (check) => {
      const commit = await cloneRepository(root, clone);
      check(`cloned ${commit.slice(0, 12)} and ran pnpm install --frozen-lockfile`);
      return commit;
    }));
  const version =
    cloned && (await step("pnpm version-packages", (check) => versionPackages(clone, check)));
  const published =
    version &&
    (await step("pnpm release (build, then changeset publish to the registry)", async (check) => {
      await release(clone, registry, check);
      return true;
    }));
  if (published) {
    await step("Check what the registry holds", (check) =>
      checkPublished(clone, registry, version, join(scratch, "published"), check),
    );
    await consume(clone, version);
  }
} finally {
  await registry?.stop();
  stopAll();
  if (keep) console.log(`\nKept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

/** Installs each consumer (those `--only=name,…` names, if given), one at a time, and checks it. */
async function consume(clone, version) {
  const only = process.argv
    .find((arg) => arg.startsWith("--only="))
    ?.slice(7)
    .split(",");
  const release = {
    version,
    packages: publishedPackages(clone),
    peers: JSON.parse(readFileSync(join(clone, "packages/react-hooks/package.json"), "utf8"))
      .peerDependencies,
  };
  for (const consumer of consumers) {
    if (only && !only.some((name) => consumer.name.startsWith(name))) continue;
    const folder = join(scratch, "consumers", consumer.name.toLowerCase().replace(/\W+/g, "-"));
    const specs = consumer.specs(release);
    const installed = await step(`${consumer.name}: npm install`, async (check) => {
      await install({ template: consumer.template, folder, specs, version }, registry, check);
      if (consumer.installed) check(`installed ${consumer.installed(folder).join(", ")}`);
      consumer.prepare?.(folder);
      return true;
    });
    let previous = installed;
    for (const { name, run, needsPrevious } of consumer.checks) {
      if (!installed || (needsPrevious && !previous)) continue;
      previous = await step(`${consumer.name}: ${name}`, (check) =>
        run(folder, check).then(() => true),
      );
    }
  }
}

const failed = results.filter((result) => !result.ok);
console.log("\nSteps:");
for (const result of results) {
  console.log(
    `  ${result.ok ? "✓" : "✗"} ${result.seconds.toFixed(1).padStart(6)} s  ${result.name}`,
  );
}
console.log(`Rehearsal finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length === 0 ? 0 : 1);
