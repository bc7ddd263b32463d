// Every package.json of the workspace: the published ones in the shape npm, bundlers and
// TypeScript all read the same way, the others private so they are never published.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const root = new URL("../..", import.meta.url).pathname;
const read = (dir: string) => JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
const published = readdirSync(join(root, "packages")).map((name) => `packages/${name}`);
/** The published packages with something to import (`exports["."]`); the others are only a command. */
const libraries = published.filter((dir) => read(dir).exports["."] !== undefined);
const commands = published.filter((dir) => !libraries.includes(dir));
const privateOnes = [
  ".",
  "checks",
  "release",
  ...readdirSync(join(root, "examples")).map((name) => `examples/${name}`),
];

/** Every condition object under `exports`, with the path of keys that leads to it. */
function conditions(node: unknown, at = "exports"): [string, Record<string, unknown>][] {
  if (typeof node !== "object" || node === null) return [];
  const entries = Object.entries(node);
  const own: [string, Record<string, unknown>][] = entries.some(([key]) => !key.startsWith("."))
    ? [[at, node as Record<string, unknown>]]
    : [];
  return [...own, ...entries.flatMap(([key, value]) => conditions(value, `${at}.${key}`))];
}

describe.each(published)("%s/package.json", (dir) => {
  const manifest = read(dir);

  test("is a public ES module package named after its folder, MIT, with its LICENSE", () => {
    expect(manifest.name).toBe(`@wdata-prep/${dir.split("/")[1]}`);
    expect(manifest.private).toBeUndefined();
    expect(manifest.type).toBe("module");
    expect(manifest.license).toBe("MIT");
    expect(existsSync(join(root, dir, "LICENSE"))).toBe(true);
    expect(existsSync(join(root, dir, "README.md"))).toBe(true);
    expect(manifest.repository).toEqual({
      type: "git",
      url: "git+https://github.com/wdata-prep/wdata-prep.git",
      directory: dir,
    });
  });

  test('ships only dist, has no side effects and exports "./package.json"', () => {
    expect(manifest.files).toEqual(["dist"]);
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.exports["./package.json"]).toBe("./package.json");
  });

  test("takes its sibling packages from the workspace and everything else from the catalog", () => {
    for (const field of ["dependencies", "devDependencies"]) {
      for (const [name, range] of Object.entries<string>(manifest[field] ?? {})) {
        const expected = name.startsWith("@wdata-prep/") ? /^workspace:/ : /^catalog:$/;
        expect(range, `${field}.${name}`).toMatch(expected);
      }
    }
  });
});

describe.each(libraries)("%s/package.json, a library", (dir) => {
  const manifest = read(dir);

  test("names `types` first in every condition of its exports", () => {
    const found = conditions(manifest.exports["."]);
    expect(found.length).toBeGreaterThan(0);
    for (const [path, condition] of found) {
      const keys = Object.keys(condition);
      if (keys.includes("types")) expect(keys[0], path).toBe("types");
      else
        expect(
          keys.every((key) => typeof condition[key] === "object"),
          path,
        ).toBe(true);
    }
  });
});

describe.each(commands)("%s/package.json, only a command", (dir) => {
  const manifest = read(dir);

  test("has a `bin`, and nothing to import nor types to read", () => {
    expect(Object.keys(manifest.bin ?? {}).length).toBeGreaterThan(0);
    expect(Object.keys(manifest.exports)).toEqual(["./package.json"]);
    for (const field of ["main", "module", "types"]) expect(manifest[field], field).toBeUndefined();
  });
});

test.each(privateOnes)("%s/package.json is private", (dir) => {
  expect(read(dir).private).toBe(true);
});
