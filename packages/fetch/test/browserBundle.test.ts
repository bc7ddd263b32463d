import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

/** A built file, without its comments. */
function builtFile(name: string): string {
  try {
    const code = readFileSync(new URL(`../dist/${name}`, import.meta.url), "utf8");
    return code.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");
  } catch {
    throw new Error(`dist/${name} is missing: run \`pnpm run build\` before the tests`);
  }
}

test("the ESM bundles import nothing but openapi-fetch and @wdata-prep/core", () => {
  for (const name of ["index.js", "index.browser.js"]) {
    const code = builtFile(name);
    const imports = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1]);

    expect(new Set(imports), name).toEqual(
      new Set(["openapi-fetch", "@wdata-prep/core", "@wdata-prep/core/internal"]),
    );
    expect(code, name).not.toMatch(/["']node:|\brequire\(|import\(/);
  }
});

test("the bundles reach Node's process only through globalThis, so browsers never read it", () => {
  for (const name of ["index.js", "index.cjs"]) {
    const uses = [...builtFile(name).matchAll(/(^|[^.\w])process\b/g)];
    expect(uses, name).toEqual([]);
  }
});
