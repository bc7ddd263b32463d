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
 * Chooses the upstream from the environment: the real Prep API when `WORKIVA_CLIENT_ID` and
 * `WORKIVA_CLIENT_SECRET` are set (in the region `WDATA_PREP_REGION`, default `us`), otherwise the
 * embedded API at `WDATA_PREP_MOCK_URL` (default `http://127.0.0.1:4010`).
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
    const tokens = createTokenProvider({ clientId, clientSecret }, { region: typedRegion });
    return {
      url: PREP_SERVERS[typedRegion],
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
