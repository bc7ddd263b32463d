import { defineConfig } from "vitest/config";
import { sharedTestConfig } from "../../vitest.shared.ts";

// Two projects, one report: the package's tests, in jsdom, and the type tests of a consumer that
// compiles the built .d.ts with its strictest settings (test/consumer/tsconfig.json). Each
// project states its files itself: one that extended the shared settings would add theirs.
const { reporters, outputFile, ...shared } = sharedTestConfig.test ?? {};

export default defineConfig({
  test: {
    reporters,
    outputFile,
    projects: [
      {
        test: {
          ...shared,
          name: "react-hooks",
          environment: "jsdom",
          setupFiles: ["./test/setup.ts"],
          typecheck: { ...shared.typecheck, exclude: ["test/consumer/**"] },
        },
      },
      {
        test: {
          name: "consumer",
          include: [],
          typecheck: {
            enabled: true,
            include: ["test/consumer/**/*.test-d.{ts,tsx}"],
            tsconfig: "./test/consumer/tsconfig.json",
          },
        },
      },
    ],
  },
});
