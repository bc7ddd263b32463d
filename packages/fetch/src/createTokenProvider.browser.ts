import type { createTokenProvider as forServers } from "./createTokenProvider.ts";
import { PrepError } from "./PrepError.ts";

/**
 * The browser build's twin: it throws a `PrepError` at once, as `clientCredentials` does, since
 * a client secret must never reach a browser.
 */
export const createTokenProvider: typeof forServers = () => {
  throw new PrepError(
    "Client credentials are for servers only: a client secret must never reach a browser. Use a token from your back end, or a proxy",
  );
};
