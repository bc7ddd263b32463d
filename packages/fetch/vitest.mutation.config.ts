import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The tests that `pnpm test:mutation` runs against each mutant of `src`: those of `src` alone,
// as the tests of `test/` call the build, which no mutant reaches, and no type tests, as
// Stryker's TypeScript checker drops the mutants that do not compile before any test runs.
// Stryker runs them in worker threads of its own process, which takes `--expose-gc` from the
// Stryker configuration (`testRunnerNodeArgs`): a thread cannot be given V8 flags of its own.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["src/**/*.test.ts"],
    // A mutant that makes a test hang fails it within this, well before Stryker's own time
    // limit (stryker.config.mjs), which would restart the runner.
    testTimeout: 10_000,
    hookTimeout: 60_000,
  },
});
