import { defineConfig } from "vitest/config";

/**
 * The vitest settings every package shares: type tests (`*.test-d.ts[x]`) run beside the
 * others, and each run writes a JSON report that `pnpm test` adds up into one total.
 */
export const sharedTestConfig = defineConfig({
  test: {
    include: ["{src,test}/**/*.test.{ts,tsx}"],
    typecheck: {
      enabled: true,
      include: ["{src,test}/**/*.test-d.{ts,tsx}"],
      tsconfig: "./tsconfig.json",
    },
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
