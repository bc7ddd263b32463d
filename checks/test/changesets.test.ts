// `changeset version` on a copy of the workspace: a change to @wdata-prep/core alone must bump
// core and every package that depends on it (the SDK packages and the command line are
// versioned together).
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";

const root = new URL("../..", import.meta.url).pathname;
const changeset = createRequire(join(root, "package.json")).resolve("@changesets/cli/bin.js");
const copy = mkdtempSync(join(tmpdir(), "wdata-prep-release-"));
const manifests = [
  "package.json",
  "packages/cli/package.json",
  "packages/core/package.json",
  "packages/fetch/package.json",
  "packages/mock-server/package.json",
  "packages/react-hooks/package.json",
  "examples/react-app/package.json",
];
const version = (manifest: string) =>
  JSON.parse(readFileSync(join(copy, manifest), "utf8")).version as string;

afterAll(() => rmSync(copy, { recursive: true, force: true }));

function copyWorkspace(): void {
  rmSync(copy, { recursive: true, force: true });
  cpSync(join(root, "pnpm-workspace.yaml"), join(copy, "pnpm-workspace.yaml"));
  cpSync(join(root, ".changeset/config.json"), join(copy, ".changeset/config.json"));
  for (const manifest of manifests) cpSync(join(root, manifest), join(copy, manifest));
}

const pending = readdirSync(join(root, ".changeset")).filter(
  (name) => name.endsWith(".md") && name !== "README.md",
);

test.each(pending)(
  "the pending changeset %s names its packages and reaches their changelogs",
  (name) => {
    copyWorkspace();
    cpSync(join(root, ".changeset", name), join(copy, ".changeset", name));
    const text = readFileSync(join(root, ".changeset", name), "utf8");
    const [, frontMatter = "", summary = ""] =
      text.match(/^---\n([\s\S]*?)\n---\n+([\s\S]+)$/) ?? [];
    const packages = [...frontMatter.matchAll(/^"(@wdata-prep\/[a-z-]+)": (major|minor|patch)$/gm)];
    expect(packages.length, "front matter lists packages").toBeGreaterThan(0);

    execFileSync(process.execPath, [changeset, "version"], { cwd: copy, stdio: "pipe" });

    for (const [, pkg] of packages) {
      const dir = (pkg as string).replace("@wdata-prep/", "packages/");
      expect(readFileSync(join(copy, dir, "CHANGELOG.md"), "utf8")).toContain(summary.trim());
    }
  },
);

test("changeset version bumps @wdata-prep/core and the packages that depend on it", () => {
  copyWorkspace();
  const before = version("packages/core/package.json");
  writeFileSync(
    join(copy, ".changeset/core-fix.md"),
    '---\n"@wdata-prep/core": patch\n---\n\nFix a description in the generated types.\n',
  );

  execFileSync(process.execPath, [changeset, "version"], { cwd: copy, stdio: "pipe" });

  const [major, minor, patch] = before.split(".").map(Number);
  const after = `${major}.${minor}.${(patch ?? 0) + 1}`;
  expect(version("packages/core/package.json")).toBe(after);
  expect(version("packages/fetch/package.json")).toBe(after);
  expect(version("packages/react-hooks/package.json")).toBe(after);
  expect(version("packages/mock-server/package.json")).toBe(after);
  expect(version("packages/cli/package.json")).toBe(after);
  expect(version("examples/react-app/package.json")).toBe(
    JSON.parse(readFileSync(join(root, "examples/react-app/package.json"), "utf8")).version,
  );
  expect(readFileSync(join(copy, "packages/fetch/CHANGELOG.md"), "utf8")).toContain(
    "@wdata-prep/core@",
  );
  expect(readFileSync(join(copy, "packages/core/CHANGELOG.md"), "utf8")).toContain(
    "Fix a description in the generated types.",
  );
});
