/**
 * The browser build's twin: `createTokenProvider` throws a `PrepError` at once, as
 * `clientCredentials` does, since a client secret must never reach a browser.
 */
export { serverOnly as createTokenProvider } from "./internal/serverOnly.ts";
