import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  platform: "neutral",
  dts: true,
  // One file per module, so that only the modules with hooks or context carry "use client" and
  // keys.ts and connection.ts (prepKeys, connectionQueryOptions) stay usable from React Server
  // Components and loaders.
  unbundle: true,
});
