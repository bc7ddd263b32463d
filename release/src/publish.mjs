// What a maintainer runs to release, in a scratch clone of the repository: the README's
// `pnpm version-packages` and `pnpm release`, the latter to the rehearsal's registry; then a
// look at what the registry holds.
import assert from "node:assert/strict";
import {
  appendFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, posix } from "node:path";
import { run } from "./run.mjs";

const manifestOf = (clone, name) =>
  JSON.parse(readFileSync(join(clone, "packages", name, "package.json"), "utf8"));

/**
 * The packages the clone publishes, by folder under packages/ (a package that is not private).
 * @param {string} clone
 */
export function publishedPackages(clone) {
  return readdirSync(join(clone, "packages")).filter((name) => !manifestOf(clone, name).private);
}

/**
 * Clones the commit checked out in `root` into `clone` and installs its dependencies from the
 * pnpm store. Returns the commit.
 * @param {string} root
 * @param {string} clone
 */
export async function cloneRepository(root, clone) {
  const commit = (await run("git", ["rev-parse", "HEAD"], { cwd: root })).trim();
  const changed = await run("git", ["status", "--porcelain", "--untracked-files=no"], {
    cwd: root,
  });
  if (changed.trim()) {
    console.log("  (the working tree has changes that are not committed: they are not rehearsed)");
  }
  await run("git", ["clone", "--quiet", "--no-checkout", root, clone], { cwd: root });
  await run("git", ["checkout", "--quiet", commit], { cwd: clone });
  await run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], { cwd: clone });
  return commit;
}

/**
 * `pnpm version-packages` in the clone, then checks that the SDK packages moved together to one
 * new version and that each got a changelog. Returns that version.
 * @param {string} clone
 * @param {(text: string) => void} check
 */
export async function versionPackages(clone, check) {
  const packages = publishedPackages(clone);
  const config = JSON.parse(readFileSync(join(clone, ".changeset/config.json"), "utf8"));
  assert.deepEqual(
    [...config.fixed[0]].sort(),
    packages.map((name) => `@wdata-prep/${name}`).sort(),
    "every published package is in the fixed group",
  );
  const before = manifestOf(clone, "core").version;
  await run("pnpm", ["version-packages"], { cwd: clone });
  const versions = packages.map((name) => manifestOf(clone, name).version);
  const version = versions[0];
  assert.deepEqual(
    versions,
    packages.map(() => version),
    "the fixed group has one version",
  );
  assert.notEqual(version, before, "changeset version moved the packages");
  check(`changeset version moved ${packages.join(", ")} together from ${before} to ${version}`);
  for (const name of packages) {
    const changelog = readFileSync(join(clone, "packages", name, "CHANGELOG.md"), "utf8");
    assert.match(changelog, new RegExp(`^# @wdata-prep/${name}\\n\\n## ${version}\\n`));
  }
  const pending = readdirSync(join(clone, ".changeset")).filter((file) => file.endsWith(".md"));
  assert.deepEqual(pending, ["README.md"], "every changeset was consumed");
  check("each package has a CHANGELOG.md headed by that version; no changeset is left pending");
  const author = ["-c", "user.name=Maintainer", "-c", "user.email=maintainer@example.com"];
  const message = `Version packages: ${version}`;
  await run("git", [...author, "commit", "--quiet", "--all", "--message", message], { cwd: clone });
  return version;
}

/**
 * `pnpm release` in the clone (build, then `changeset publish`), to `registry` as the
 * maintainer it signed up.
 * @param {string} clone
 * @param {{ url: string, host: string, token: string }} registry
 * @param {(text: string) => void} check
 */
export async function release(clone, registry, check) {
  const packages = publishedPackages(clone);
  // The registry, for the scope too, and the maintainer's credentials for it, as `npm login
  // --scope=@wdata-prep --registry=…` would write them: pnpm publishes where these say, whatever
  // the environment says, and nothing is to reach another registry.
  appendFileSync(
    join(clone, ".npmrc"),
    `\nregistry=${registry.url}\n@wdata-prep:registry=${registry.url}\n//${registry.host}/:_authToken=${registry.token}\n`,
  );
  for (const name of packages) {
    const cwd = join(clone, "packages", name);
    for (const key of ["registry", "@wdata-prep:registry"]) {
      const configured = (await run("pnpm", ["config", "get", key], { cwd })).trim();
      assert.equal(configured, registry.url, `${name} would publish to ${configured}`);
    }
  }
  const output = await run("pnpm", ["release"], {
    cwd: clone,
    env: { ...process.env, npm_config_registry: registry.url },
  });
  for (const name of packages) {
    assert.match(output, new RegExp(`@wdata-prep/${name}`), `changeset publish names ${name}`);
  }
  check(`pnpm release built every package and changeset publish published ${packages.join(", ")}`);
}

/**
 * Reads what `registry` holds for each package at `version` and checks it: its version is the
 * latest, its tarball holds `dist`, the manifest, README and LICENSE and nothing else
 * (no tests), no source map points to a missing source, every file `exports`, `main`, `types`
 * and `bin` name is there, and it depends on its siblings at that version.
 * @param {string} clone
 * @param {{ url: string }} registry
 * @param {string} version
 * @param {string} scratch a folder for the unpacked tarballs
 * @param {(text: string) => void} check
 */
export async function checkPublished(clone, registry, version, scratch, check) {
  for (const name of publishedPackages(clone)) {
    const packument = await (await fetch(`${registry.url}@wdata-prep%2f${name}`)).json();
    assert.equal(packument["dist-tags"]?.latest, version, `${name}'s latest version`);
    const published = packument.versions[version];
    const folder = join(scratch, name);
    mkdirSync(folder, { recursive: true });
    const tarball = join(folder, "package.tgz");
    const bytes = Buffer.from(await (await fetch(published.dist.tarball)).arrayBuffer());
    writeFileSync(tarball, bytes);
    await run("tar", ["-xzf", tarball, "-C", folder], { cwd: folder });
    const unpacked = join(folder, "package");
    const files = listFiles(unpacked);

    const allowed = /^(package\.json|README\.md|LICENSE|dist\/.+)$/;
    assert.deepEqual(
      files.filter((file) => !allowed.test(file)),
      [],
      `${name}: files outside dist`,
    );
    assert.deepEqual(
      files.filter((file) => /(^|\/)(test|tests|__tests__)\/|\.test(-d)?\.|\.spec\./.test(file)),
      [],
      `${name}: test files`,
    );
    for (const file of ["package.json", "README.md", "LICENSE"]) {
      assert.ok(files.includes(file), `${name}: ${file} is published`);
    }

    for (const map of files.filter((file) => file.endsWith(".map"))) {
      const { sources = [], sourcesContent = [] } = JSON.parse(
        readFileSync(join(unpacked, map), "utf8"),
      );
      sources.forEach((source, index) => {
        const target = posix.normalize(posix.join(posix.dirname(map), source));
        assert.ok(
          files.includes(target) || typeof sourcesContent[index] === "string",
          `${name}: ${map} points to ${source}, which is not published`,
        );
      });
    }
    for (const file of files.filter((file) => /\.(c|m)?js$/.test(file))) {
      const url = readFileSync(join(unpacked, file), "utf8").match(
        /\/\/# sourceMappingURL=(\S+)\s*$/,
      )?.[1];
      if (url && !url.startsWith("data:")) {
        const target = posix.normalize(posix.join(posix.dirname(file), url));
        assert.ok(files.includes(target), `${name}: ${file} names the missing map ${url}`);
      }
    }

    const manifest = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8"));
    assert.equal(manifest.version, version, `${name}: package.json version`);
    const targets = [
      ...exportTargets(manifest.exports),
      manifest.main,
      manifest.module,
      manifest.types,
      ...Object.values(manifest.bin ?? {}),
    ].filter((target) => typeof target === "string");
    for (const target of targets) {
      const file = posix.normalize(target);
      assert.ok(files.includes(file), `${name}: ${target} is named by package.json but missing`);
    }
    for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
      if (dependency.startsWith("@wdata-prep/")) {
        assert.equal(range, `^${version}`, `${name} depends on ${dependency}`);
      }
    }
    check(
      `@wdata-prep/${name}@${version}: ${files.length} files (dist, package.json, README, LICENSE), ` +
        `no tests, no map to a missing source, all ${new Set(targets).size} files package.json names`,
    );
  }
}

/** Every file under `folder`, as a path relative to it with `/` separators, sorted. */
function listFiles(folder, prefix = "") {
  return readdirSync(join(folder, prefix))
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry}` : entry;
      return statSync(join(folder, path)).isDirectory() ? listFiles(folder, path) : [path];
    })
    .sort();
}

/** Every file path in an `exports` value, however its conditions nest. */
function exportTargets(node) {
  if (typeof node === "string") return [node];
  if (node === null || typeof node !== "object") return [];
  return Object.values(node).flatMap(exportTargets);
}
