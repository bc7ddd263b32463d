import type { withEnvDefaults as readEnv } from "./withEnvDefaults.ts";

/** The browser build's twin: browsers have no environment variables, so the options as given. */
export const withEnvDefaults: typeof readEnv = (options) => options;
