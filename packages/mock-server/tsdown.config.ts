import { defineConfig } from "tsdown";

export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    platform: "node",
    fixedExtension: false,
    dts: true,
  },
  {
    // The `wdata-prep-mock` command: an ES module only, never imported.
    entry: ["src/cli.ts"],
    format: ["esm"],
    platform: "node",
    fixedExtension: false,
    dts: false,
    clean: false,
  },
]);
