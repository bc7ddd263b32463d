import { mergeConfig } from "vitest/config";
import { sharedTestConfig } from "../../vitest.shared.ts";

// `--expose-gc` gives the tests `gc()`: a few of them force a garbage collection while a request
// is in flight, as Node 20's fetch can then lose the signal of a Request (undici issues 3644 and
// 4068), and the time limit or the abort with it. Run in this package's own test workers, they
// exercise the source itself against the same local servers as every other test.
export default mergeConfig(sharedTestConfig, { test: { execArgv: ["--expose-gc"] } });
