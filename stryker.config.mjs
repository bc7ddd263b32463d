// @ts-check
/**
 * Mutation testing of `@wdata-prep/fetch` (`pnpm test:mutation`): StrykerJS changes the source
 * one small way at a time (a mutant) and runs the tests that cover the change; a mutant that no
 * test fails on is a rule no test holds. Run from the root of the repository, so that the
 * sandbox Stryker copies the package into keeps the paths its configs refer to.
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export default {
  mutate: [
    "packages/fetch/src/**/*.ts",
    "!packages/fetch/src/**/*.test.ts",
    "!packages/fetch/src/**/*.test-d.ts",
  ],
  // Only the package and the root files its configs extend are copied into the sandbox.
  ignorePatterns: [
    "/*",
    "!/packages",
    "/packages/*",
    "!/packages/fetch",
    "!/package.json",
    "!/pnpm-workspace.yaml",
    "!/tsconfig.base.json",
    "/packages/fetch/bench",
    "/packages/fetch/test-results",
    "/packages/fetch/.turbo",
  ],
  // Named by their files: Stryker looks for plugins beside its own package, where pnpm puts none.
  plugins: [
    import.meta.resolve("@stryker-mutator/vitest-runner"),
    import.meta.resolve("@stryker-mutator/typescript-checker"),
  ],
  testRunner: "vitest",
  vitest: { configFile: "packages/fetch/vitest.mutation.config.ts" },
  // The tests force garbage collections (see vitest.config.ts).
  testRunnerNodeArgs: ["--expose-gc"],
  checkers: ["typescript"],
  // The sources alone: type-checking the tests too, for every mutant, made the checker the
  // slowest part of a run.
  tsconfigFile: "packages/fetch/tsconfig.mutation.json",
  coverageAnalysis: "perTest",
  incremental: true,
  incrementalFile: "packages/fetch/stryker-incremental.json",
  // Two checkers and two test runners (four runners once every mutant is checked): many tests
  // wait on timers and sockets rather than the CPU, so more runners than cores still helps.
  concurrency: 4,
  // Longer than a test may take (vitest.mutation.config.ts): a mutant that makes a test hang
  // fails that test, rather than making Stryker restart its test runner.
  timeoutMS: 20_000,
  timeoutFactor: 2,
  reporters: ["html", "clear-text", "progress"],
  clearTextReporter: { logTests: false },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
