// `changeset version` on copies of the workspace, twice in all: once with every pending changeset,
// whose summaries must each reach the changelogs of the packages they name, and once with a
// change to @wdata-prep/core alone, which must bump core and every package that depends on it
// (the SDK packages and the command line are versioned together).
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const root = new URL("../..", import.meta.url).pathname;
const changeset = createRequire(join(root, "package.json")).resolve("@changesets/cli/bin.js");
const copies: string[] = [];
const manifests = [
  "package.json",
  ...["packages", "examples"].flatMap((dir) =>
    readdirSync(join(root, dir)).map((name) => `${dir}/${name}/package.json`),
  ),
];
const read = (copy: string, file: string) => readFileSync(join(copy, file), "utf8");
const version = (copy: string, manifest: string) =>
  JSON.parse(read(copy, manifest)).version as string;

afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

/** A copy of the workspace's manifests and changesets config, with `changesets` pending. */
function copyWorkspace(changesets: Record<string, string>): string {
  const copy = mkdtempSync(join(tmpdir(), "wdata-prep-changesets-"));
  copies.push(copy);
  cpSync(join(root, "pnpm-workspace.yaml"), join(copy, "pnpm-workspace.yaml"));
  cpSync(join(root, ".changeset/config.json"), join(copy, ".changeset/config.json"));
  for (const manifest of manifests) cpSync(join(root, manifest), join(copy, manifest));
  for (const [name, text] of Object.entries(changesets)) {
    writeFileSync(join(copy, ".changeset", name), text);
  }
  return copy;
}

function changesetVersion(copy: string): void {
  execFileSync(process.execPath, [changeset, "version"], { cwd: copy, stdio: "pipe" });
}

const pending = Object.fromEntries(
  readdirSync(join(root, ".changeset"))
    .filter((name) => name.endsWith(".md") && name !== "README.md")
    .map((name) => [name, readFileSync(join(root, ".changeset", name), "utf8")]),
);

describe("the pending changesets", () => {
  let copy: string;
  beforeAll(() => {
    copy = copyWorkspace(pending);
    changesetVersion(copy);
  });

  test.each(Object.keys(pending))("%s names its packages and reaches their changelogs", (name) => {
    const [, frontMatter = "", summary = ""] =
      pending[name]?.match(/^---\n([\s\S]*?)\n---\n+([\s\S]+)$/) ?? [];
    const packages = [...frontMatter.matchAll(/^"(@wdata-prep\/[a-z-]+)": (major|minor|patch)$/gm)];
    expect(packages.length, "front matter lists packages").toBeGreaterThan(0);
    for (const [, pkg] of packages) {
      const dir = (pkg as string).replace("@wdata-prep/", "packages/");
      expect(read(copy, join(dir, "CHANGELOG.md")), `${pkg}'s changelog`).toContain(summary.trim());
    }
  });

  test("are all consumed by one `changeset version`", () => {
    const left = readdirSync(join(copy, ".changeset")).filter((name) => name.endsWith(".md"));
    expect(left).toEqual([]);
  });
});

test("changeset version bumps @wdata-prep/core and the packages that depend on it", () => {
  const copy = copyWorkspace({
    "core-fix.md":
      '---\n"@wdata-prep/core": patch\n---\n\nFix a description in the generated types.\n',
  });
  const before = version(copy, "packages/core/package.json");

  changesetVersion(copy);

  const [major, minor, patch] = before.split(".").map(Number);
  const after = `${major}.${minor}.${(patch ?? 0) + 1}`;
  expect(version(copy, "packages/core/package.json")).toBe(after);
  expect(version(copy, "packages/fetch/package.json")).toBe(after);
  expect(version(copy, "packages/react-hooks/package.json")).toBe(after);
  expect(version(copy, "packages/mock-server/package.json")).toBe(after);
  expect(version(copy, "packages/cli/package.json")).toBe(after);
  expect(version(copy, "examples/react-app/package.json")).toBe(
    version(root, "examples/react-app/package.json"),
  );
  expect(read(copy, "packages/fetch/CHANGELOG.md")).toContain("@wdata-prep/core@");
  expect(read(copy, "packages/core/CHANGELOG.md")).toContain(
    "Fix a description in the generated types.",
  );
});
