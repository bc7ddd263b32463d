/** The browser build's twin: client credentials throw a `PrepError` at once. */
export { serverOnly as fetchWithCredentials } from "./serverOnly.ts";
