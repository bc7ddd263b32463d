import { existsSync } from "node:fs";
import { defineConfig, type Rolldown } from "tsdown";

/**
 * Builds each module that has a `.browser.ts` twin beside it from that twin instead: the
 * browser build leaves out what only servers may run (client credentials, environment
 * variables) and keeps every public name and type.
 */
function browserTwins(): Rolldown.Plugin {
  return {
    name: "browser-twins",
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const twin = resolved?.id.replace(/\.ts$/, ".browser.ts");
      return twin && twin !== resolved?.id && existsSync(twin) ? twin : resolved;
    },
  };
}

/**
 * Makes the CommonJS build's default import of `dependency` its `exports.default`, as a CommonJS
 * consumer's require() of it gives: without this, `require("@wdata-prep/fetch")` loads, then
 * `createPrepClient` throws "(0, openapi_fetch.default) is not a function".
 *
 * rolldown gives the modules of a `"type": "module"` package Node's ESM interop even in CommonJS
 * output: a default import of a CommonJS module is its whole `module.exports`. That is what Node
 * does for our ES module build, but there openapi-fetch resolves to its ES module; the CommonJS
 * build requires openapi-fetch's CommonJS build, which marks itself `__esModule` and puts the
 * function on `exports.default`. Imported through a module of no package, the dependency gets
 * the interop that honours `__esModule`.
 */
function commonJsDefaultImport(dependency: string): Rolldown.Plugin {
  const facade = `\0cjs-facade:${dependency}`;
  return {
    name: "commonjs-default-import",
    resolveId: {
      // Before tsdown marks the dependency external.
      order: "pre",
      handler: (source, importer) =>
        source === dependency && importer !== facade ? facade : undefined,
    },
    load: (id) =>
      id === facade
        ? `export * from ${JSON.stringify(dependency)};\nexport { default } from ${JSON.stringify(dependency)};`
        : undefined,
  };
}

export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: "esm",
    platform: "neutral",
    dts: true,
  },
  {
    entry: ["src/index.ts"],
    format: "cjs",
    platform: "neutral",
    clean: false,
    dts: true,
    plugins: [commonJsDefaultImport("openapi-fetch")],
  },
  {
    entry: { "index.browser": "src/index.ts" },
    format: "esm",
    platform: "browser",
    clean: false,
    dts: false,
    plugins: [browserTwins()],
  },
]);
