import { createPrepClient } from "@wdata-prep/fetch";

/** The bearer token the embedded API is started with; only the app's server sends it. */
export const EMBEDDED_TOKEN = "local-dev-token";

/** Where the embedded API listens unless told otherwise. */
export const EMBEDDED_API_URL = "http://127.0.0.1:4010";

/**
 * The Prep API the app's server forwards to, and whether it is the embedded one.
 * @typedef {object} PrepUpstream
 * @property {import("@wdata-prep/fetch").PrepClient} client Sends the forwarded requests.
 * @property {boolean} embedded Whether this is the embedded API (`@wdata-prep/mock-server`).
 */

/**
 * Whether the environment names a Prep API of its own, with the variables `@wdata-prep/fetch`
 * reads (its README lists them): a base URL, a token, or Workiva client credentials. Without
 * any of them the example runs on the embedded API.
 * @param {Record<string, string | undefined>} env
 */
export function namesPrepApi(env) {
  return Boolean(env.WDATA_PREP_BASE_URL || env.WDATA_PREP_TOKEN || env.WORKIVA_CLIENT_ID);
}

/** Options of the client that forwards requests, on top of what the environment gives. */
const forwarding = {
  // The browser's client retries; the proxy answering at once keeps one attempt per request.
  maxRetries: 0,
  timeoutMs: 30_000,
};

/**
 * The upstream of the app's proxy when the environment names a Prep API: the client
 * `createPrepClient` makes from the environment (region, base URL, token or client credentials).
 * @returns {PrepUpstream}
 */
export function upstreamFromEnv() {
  return { client: createPrepClient(forwarding), embedded: false };
}

/**
 * The upstream of the app's proxy on the embedded API at `apiUrl`, with its token.
 * @param {string} [apiUrl] The embedded API's base URL.
 * @returns {PrepUpstream}
 */
export function embeddedUpstream(apiUrl = EMBEDDED_API_URL) {
  return {
    client: createPrepClient({ ...forwarding, baseUrl: apiUrl, token: EMBEDDED_TOKEN }),
    embedded: true,
  };
}
