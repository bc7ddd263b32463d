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

export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    platform: "neutral",
    dts: true,
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
