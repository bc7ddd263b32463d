import { PREP_TOKEN_URLS, type Region } from "@wdata-prep/core";
import type { ClientCredentials } from "./ClientCredentials.ts";
import { AuthenticationError, describeBody } from "./errors.ts";
import { check } from "./internal/check.ts";
import { checkLimits } from "./internal/checkLimits.ts";
import { checkRegion } from "./internal/checkRegion.ts";
import { checkUrl } from "./internal/checkUrl.ts";
import { parseJson } from "./internal/parseJson.ts";
import { sendWithRetries } from "./send.ts";
import type { TokenProvider } from "./TokenProvider.ts";

/**
 * Gets access tokens with the OAuth2 client-credentials grant (HTTP Basic client
 * authentication), for server-side code such as a proxy that adds a bearer token to the
 * requests it forwards. `createPrepClient` uses the same provider for `clientCredentials`.
 *
 * A failed token request rejects with an `AuthenticationError` carrying the OAuth `error` and
 * `error_description`, or with a `PrepConnectionError` or `PrepTimeoutError`. In the browser
 * build it throws a `PrepError` at once: a client secret must never reach a browser.
 *
 * @example
 * const tokens = createTokenProvider({ clientId, clientSecret }, { region: "eu" });
 * headers.set("authorization", `Bearer ${await tokens.getToken()}`);
 */
export function createTokenProvider(
  credentials: ClientCredentials,
  options: {
    /**
     * The region whose token endpoint to call, unless `credentials.tokenUrl` is given.
     * @default "us"
     */
    region?: Region;
    /**
     * The `fetch` to send token requests with.
     * @default globalThis.fetch
     */
    fetch?: (input: Request) => Promise<Response>;
    /**
     * The time limit of a token request, in milliseconds.
     * @default 60000
     */
    timeoutMs?: number;
  } = {},
): TokenProvider {
  const { clientId, clientSecret, tokenUrl, scope = "" } = Object(credentials);
  const filled = (value: unknown) => typeof value === "string" && /\S/.test(value);
  check(
    filled(clientId) && filled(clientSecret),
    "clientCredentials need a clientId and a clientSecret (in Node: WORKIVA_CLIENT_ID and WORKIVA_CLIENT_SECRET)",
  );
  check(
    typeof scope === "string",
    "clientCredentials.scope must be a string of scopes separated by spaces",
  );
  const url = checkUrl(
    tokenUrl ?? PREP_TOKEN_URLS[checkRegion(options.region ?? "us")],
    "clientCredentials.tokenUrl",
  );
  const { fetch, timeoutMs } = options;
  const send = checkLimits({ timeoutMs }, { fetch, timeoutMs: 60_000, maxRetries: 0 });
  // RFC 6749 §2.3.1: the ID and the secret are form-encoded before they are joined.
  const basic = btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`);
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function requestToken(): Promise<string> {
    const body = new URLSearchParams({ grant_type: "client_credentials" });
    if (scope) body.set("scope", scope);
    const headers = { authorization: `Basic ${basic}`, accept: "application/json" };
    const response = await sendWithRetries(
      new Request(url, { method: "POST", headers, body }),
      send,
    );
    const text = await response.text();
    const json = parseJson(text) ?? text;
    const { access_token: token, expires_in: expiresIn = Infinity } = Object(json);
    if (!response.ok || !token || typeof token !== "string") {
      const { status, headers } = response;
      // An OAuth error says `error`, and maybe `error_description`.
      const { error, error_description: description } = Object(json);
      const reason =
        typeof error !== "string"
          ? describeBody(json, headers)
          : description
            ? `${error}: ${description}`
            : error;
      const message = `The token request failed: ${status} ${reason}`;
      throw new AuthenticationError(status, json, headers, message);
    }
    // Renew 60 s before the token expires; one without `expires_in` lasts until a 401.
    cached = { token, renewAt: Date.now() + (expiresIn - 60) * 1000 };
    return token;
  }

  return {
    getToken() {
      if (cached && Date.now() < cached.renewAt) return Promise.resolve(cached.token);
      pending ??= requestToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
