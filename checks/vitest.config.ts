import { defineConfig, mergeConfig } from "vitest/config";
import { sharedTestConfig } from "../vitest.shared.ts";

// `changeset version` runs twice, each time on a copy of the workspace.
export default mergeConfig(sharedTestConfig, defineConfig({ test: { testTimeout: 60_000 } }));
