import { defineConfig } from "tsdown";

export default defineConfig([
  {
    // The main entry and the MSW handlers (`@wdata-prep/mock-server/msw`), built together so
    // that they share one chunk of the engine. That chunk and the msw entry import no Node
    // module (they run in browsers too); `msw` stays an import of the msw entry only.
    entry: { index: "src/index.ts", msw: "src/msw.ts" },
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
