// The release rehearsal (`pnpm test:release`): publishes a scratch clone of this commit to a
// real npm registry on 127.0.0.1, as a maintainer would, then installs the published packages
// with npm into fresh consumer projects and checks what runs in each. Every step prints how long
// it took; the last line is "N passed, N failed", counting the steps.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import semver from "semver";
import { copySharedCard, install, installedVersions, runChecks, typecheck } from "./consumers.mjs";
import { checkPublished, cloneRepository, release, versionPackages } from "./publish.mjs";
import { startRegistry } from "./registry.mjs";
import { results, step, stopAll } from "./run.mjs";

const root = new URL("../..", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "wdata-prep-release-"));
// `--keep` leaves the scratch folder (clone, registry, consumers) for a look after a failure.
const keep = process.argv.includes("--keep");
const started = performance.now();
let registry;

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
      checkPublished(registry, version, join(scratch, "published"), check),
    );
    await consume(version);
  }
} finally {
  await registry?.stop();
  stopAll();
  if (keep) console.log(`\nKept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

/** Installs each consumer, one at a time, and runs its checks. */
async function consume(version) {
  const all = ["core", "fetch", "react-hooks", "mock-server"].map(
    (name) => `@wdata-prep/${name}@${version}`,
  );
  const consumers = join(scratch, "consumers");

  const node = join(consumers, "node");
  const installed = await step("node: npm install", (check) =>
    install({ template: "node", folder: node, specs: all, version }, registry, check).then(
      () => true,
    ),
  );
  if (installed) {
    await step("node: import every package, call the client", (check) =>
      runChecks(node, ["esm.mjs"], check),
    );
    await step("node: require every package, call the client", (check) =>
      runChecks(node, ["cjs.cjs"], check),
    );
    await step("node: the mock's bin", (check) => runChecks(node, ["bin.mjs"], check));
  }

  const typescript = join(consumers, "typescript");
  if (
    await step("typescript: npm install", (check) =>
      install(
        { template: "typescript", folder: typescript, specs: all, version },
        registry,
        check,
      ).then(() => true),
    )
  ) {
    copyFileSync(join(typescript, "uses.ts"), join(typescript, "uses.mts"));
    for (const resolution of ["node16", "bundler", "node10"]) {
      await step(`typescript: tsc, moduleResolution ${resolution}`, async (check) => {
        await typecheck(typescript, `tsconfig.${resolution}.json`);
        check(`strict, skipLibCheck false, exactOptionalPropertyTypes: no errors (${resolution})`);
      });
    }
  }

  // The hooks with the lowest versions their peer ranges allow, and with the newest. React's
  // types are not a peer: each set takes the newest types of its React major (React.JSX, which
  // TanStack Query's declarations use too, came with @types/react 18.2).
  const { peerDependencies: peers } = JSON.parse(
    readFileSync(join(scratch, "repo/packages/react-hooks/package.json"), "utf8"),
  );
  const lowest = (range) => semver.minVersion(range)?.version;
  const lowestReact = lowest(peers.react);
  const newestReactMajor = Math.max(
    ...semver
      .validRange(peers.react)
      .split("||")
      .map((part) => semver.minVersion(part)?.major ?? 0),
  );
  const sets = {
    lowest: {
      "@tanstack/react-query": lowest(peers["@tanstack/react-query"]),
      react: lowestReact,
      "react-dom": lowestReact,
      "@types/react": semver.major(lowestReact),
      "@types/react-dom": semver.major(lowestReact),
    },
    newest: {
      "@tanstack/react-query": peers["@tanstack/react-query"],
      react: peers.react,
      "react-dom": peers.react,
      "@types/react": newestReactMajor,
      "@types/react-dom": newestReactMajor,
    },
  };
  const hooks = ["react-hooks", "fetch", "mock-server"].map(
    (name) => `@wdata-prep/${name}@${version}`,
  );
  for (const [which, set] of Object.entries(sets)) {
    const folder = join(consumers, `peers-${which}`);
    const versions = Object.entries(set).map(([name, range]) => `${name}@${range}`);
    const ready = await step(`peers, ${which}: npm install`, async (check) => {
      await install(
        { template: "peers", folder, specs: [...hooks, ...versions], version },
        registry,
        check,
      );
      copySharedCard(folder);
      check(
        `installed ${installedVersions(folder, ["@tanstack/react-query", "react", "react-dom", "@types/react"]).join(", ")}`,
      );
      return true;
    });
    if (!ready) continue;
    const compiled = await step(`peers, ${which}: tsc`, async (check) => {
      await typecheck(folder, "tsconfig.json");
      check("strict, skipLibCheck false, exactOptionalPropertyTypes: no errors");
      return true;
    });
    if (compiled) {
      await step(`peers, ${which}: the hooks in jsdom`, (check) =>
        runChecks(folder, ["--import", "./dom.mjs", "out/hooks.js"], check),
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
