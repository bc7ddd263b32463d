import { defineConfig } from "tsdown";

// The `wdata-prep` command (package.json `bin`: dist/bin.js): an ES module that is run, never
// imported, so it has no type declarations. Its dependencies stay external, installed beside it.
export default defineConfig({
  entry: ["src/bin.ts"],
  format: ["esm"],
  platform: "node",
  fixedExtension: false,
  dts: false,
});
