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
    // The `wdata-prep-mock` command (package.json `bin`: dist/cli.js): an ES module only,
    // never imported. bin.ts runs the command that cli.ts defines.
    entry: { cli: "src/bin.ts" },
    format: ["esm"],
    platform: "node",
    fixedExtension: false,
    dts: false,
    clean: false,
  },
]);
