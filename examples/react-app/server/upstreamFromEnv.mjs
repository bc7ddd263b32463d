import { PREP_SERVERS } from "@wdata-prep/core";
import { createTokenProvider } from "@wdata-prep/fetch";

/** The bearer token the embedded API is started with, unless WDATA_PREP_MOCK_TOKEN says otherwise. */
export const EMBEDDED_TOKEN = "local-dev-token";

/**
 * Where the app's `/prep` proxy forwards requests, and the token it adds.
 * @typedef {object} PrepUpstream
 * @property {string} url The Prep API base URL.
 * @property {() => Promise<string>} token Returns the bearer token for the next request.
 * @property {() => void} invalidateToken Forgets a token the API refused.
 * @property {boolean} embedded Whether this is the embedded API (the mock server).
 */

/**
 * Returns `value` without a trailing slash, if it is an https URL (or http to this machine):
 * the proxy sends a bearer token there.
 * @param {string} value
 */
function checkBaseUrl(value) {
  const url = new URL(value);
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new Error(`WDATA_PREP_BASE_URL must be an https URL (http only to this machine).`);
  }
  return url.href.replace(/\/$/, "");
}

/**
 * Chooses the upstream from the environment: the real Prep API when `WORKIVA_CLIENT_ID` and
 * `WORKIVA_CLIENT_SECRET` are set (in the region `WDATA_PREP_REGION`, default `us`; or at
 * `WDATA_PREP_BASE_URL`, with tokens from `WORKIVA_TOKEN_URL`, for a gateway), otherwise the
 * embedded API at `WDATA_PREP_MOCK_URL` (default `http://127.0.0.1:4010`) with the token
 * `WDATA_PREP_MOCK_TOKEN`.
 * @param {Record<string, string | undefined>} env
 * @returns {PrepUpstream}
 */
export function upstreamFromEnv(env) {
  const { WORKIVA_CLIENT_ID: clientId, WORKIVA_CLIENT_SECRET: clientSecret } = env;
  if (clientId && clientSecret) {
    const region = env.WDATA_PREP_REGION || "us";
    if (!Object.hasOwn(PREP_SERVERS, region)) {
      throw new Error(
        `WDATA_PREP_REGION must be one of ${Object.keys(PREP_SERVERS).join(", ")}; got "${region}".`,
      );
    }
    const typedRegion = /** @type {keyof typeof PREP_SERVERS} */ (region);
    const tokenUrl = env.WORKIVA_TOKEN_URL || undefined;
    const tokens = createTokenProvider(
      { clientId, clientSecret, ...(tokenUrl && { tokenUrl }) },
      { region: typedRegion },
    );
    return {
      url: checkBaseUrl(env.WDATA_PREP_BASE_URL || PREP_SERVERS[typedRegion]),
      token: () => tokens.getToken(),
      invalidateToken: () => tokens.invalidate(),
      embedded: false,
    };
  }
  const token = env.WDATA_PREP_MOCK_TOKEN || EMBEDDED_TOKEN;
  return {
    url: env.WDATA_PREP_MOCK_URL || "http://127.0.0.1:4010",
    token: async () => token,
    invalidateToken: () => {},
    embedded: true,
  };
}
