import { defineConfig, mergeConfig } from "vitest/config";
import { sharedTestConfig } from "../../vitest.shared.ts";

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    // What the app's Vite configuration defines: the app's tests in jsdom show no quick links.
    define: { __PREP_QUICK_LINKS__: "[]" },
    test: {
      testTimeout: 60_000,
      hookTimeout: 120_000,
      // What the browser shows is awaited with expect.poll: a first page load, which Vite
      // compiles on demand, can take seconds on a busy machine.
      expect: { poll: { timeout: 15_000 } },
    },
  }),
);
