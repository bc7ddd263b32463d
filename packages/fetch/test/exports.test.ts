// Which build each runtime and bundler gets from package.json `exports`, resolved by webpack's
// resolver (enhanced-resolve) with the conditions each one sets. Server runtimes that are not
// Node get the server build, which reads the environment and takes client credentials, even
// when they also set `browser`, as Next.js's edge compile does; a browser, and a web worker in
// one, get the browser build.
import fs from "node:fs";
import { relative } from "node:path";
import enhancedResolve from "enhanced-resolve";
import { describe, expect, test } from "vitest";

const packageDir = new URL("..", import.meta.url).pathname;

/** The file `@wdata-prep/fetch` resolves to under `conditions`, relative to the package. */
function resolveWith(conditions: string[]): string {
  const resolver = enhancedResolve.ResolverFactory.createResolver({
    fileSystem: new enhancedResolve.CachedInputFileSystem(fs, 0),
    useSyncFileSystemCalls: true,
    conditionNames: conditions,
    extensions: [".js"],
  });
  // The package resolves its own name through `exports`, as a consumer's import does.
  const resolved = resolver.resolveSync({}, packageDir, "@wdata-prep/fetch");
  if (typeof resolved !== "string") throw new Error(`nothing resolved under ${conditions}`);
  return relative(packageDir, resolved);
}

describe("package.json exports", () => {
  test.each([
    ["Node, import", ["node", "import"], "dist/index.js"],
    ["Node, require", ["node", "require"], "dist/index.cjs"],
    [
      "Next.js edge compile, import",
      ["edge-light", "worker", "browser", "import", "module"],
      "dist/index.js",
    ],
    [
      "Next.js edge compile, require",
      ["edge-light", "worker", "browser", "require", "module"],
      "dist/index.cjs",
    ],
    [
      "Cloudflare Workers (workerd)",
      ["workerd", "worker", "browser", "import", "module"],
      "dist/index.js",
    ],
    ["Deno", ["deno", "node", "import"], "dist/index.js"],
    ["Bun, import", ["bun", "node", "import"], "dist/index.js"],
    ["Bun, require", ["bun", "node", "require"], "dist/index.cjs"],
  ])("%s gets the server build", (_, conditions, file) => {
    expect(resolveWith(conditions)).toBe(file);
  });

  test.each([
    ["a browser bundle, import", ["browser", "import", "module"]],
    ["a browser bundle, require", ["browser", "require", "module"]],
    ["a web worker in a browser", ["worker", "browser", "import", "module"]],
  ])("%s gets the browser build", (_, conditions) => {
    expect(resolveWith(conditions)).toBe("dist/index.browser.js");
  });
});
