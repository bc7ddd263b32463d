import type { withEnvDefaults as fromEnvironment } from "./env.ts";

// The browser build's twin of `env.ts`: browsers have no environment variables.

/** In the browser build, the options as given. */
export const withEnvDefaults: typeof fromEnvironment = (options) => options;
