import { PREP_TOKEN_URLS, type Region } from "@wdata-prep/core";
import { AuthenticationError, describeBody, parseBody, property } from "./errors.ts";
import {
  check,
  checkLimits,
  checkRegion,
  checkUrl,
  defaultRegion,
  defaultTimeoutMs,
  isFilled,
} from "./options.ts";
import { sendWithRetries, untilAborted } from "./send.ts";

// OAuth2 client credentials, for servers only: the token provider, and the `fetch` through
// which a client with `clientCredentials` sends. The browser build takes `auth.browser.ts`
// instead, which refuses them: a client secret must never reach a browser.

/**
 * OAuth2 client credentials, for server-side code only: a client secret must never reach a
 * browser. Browser apps get a token from their own back end, or call the API through a proxy.
 */
export interface ClientCredentials {
  /** The OAuth2 client ID. */
  clientId: string;
  /** The OAuth2 client secret. */
  clientSecret: string;
  /**
   * The token endpoint; plain `http:` only for a loopback host.
   * @default the region's endpoint, such as `"https://api.app.wdesk.com/oauth2/token"` (or, for `createPrepClient` in Node, `WORKIVA_TOKEN_URL`)
   */
  tokenUrl?: string;
  /**
   * The scopes to ask for, separated by spaces. The connections endpoints need none.
   * @default undefined (no `scope` parameter)
   */
  scope?: string;
}

/** Gives access tokens from OAuth2 client credentials; made by `createTokenProvider`. */
export interface TokenProvider {
  /**
   * Resolves to a valid access token: the cached one until 60 s before it expires, else a new
   * one. Concurrent calls share one token request.
   * @param signal Stops waiting for the token: rejects with a `PrepAbortError` when it aborts.
   */
  getToken(signal?: AbortSignal): Promise<string>;
  /** Forgets the cached token, so the next `getToken()` requests a new one. */
  invalidate(): void;
}

/** Options of `createTokenProvider`. */
interface TokenProviderOptions {
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
}

/**
 * Gets access tokens with the OAuth2 client-credentials grant (HTTP Basic client
 * authentication), for server-side code such as a proxy that adds a bearer token to the
 * requests it forwards. `createPrepClient` uses the same provider for `clientCredentials`.
 *
 * A failed token request rejects with an `AuthenticationError` carrying the OAuth `error` and
 * `error_description`, or with a `PrepConnectionError` or `PrepTimeoutError`; it is not retried.
 * Bad credentials or options throw a `PrepError` at once. In the browser build it throws a
 * `PrepError` at once: a client secret must never reach a browser.
 *
 * @example
 * const tokens = createTokenProvider({ clientId, clientSecret }, { region: "eu" });
 * headers.set("authorization", `Bearer ${await tokens.getToken()}`);
 */
export function createTokenProvider(
  credentials: ClientCredentials,
  options: TokenProviderOptions = {},
): TokenProvider {
  // JavaScript callers may pass nothing: that is reported like a missing ID and secret.
  const given: Partial<ClientCredentials> = credentials ?? {};
  const { clientId, clientSecret, tokenUrl, scope = "" } = given;
  check(
    isFilled(clientId) && isFilled(clientSecret),
    "clientCredentials need a clientId and a clientSecret (in Node: WORKIVA_CLIENT_ID and WORKIVA_CLIENT_SECRET)",
  );
  check(
    typeof scope === "string",
    "clientCredentials.scope must be a string of scopes separated by spaces",
  );
  const url = checkUrl(
    tokenUrl ?? PREP_TOKEN_URLS[checkRegion(options.region ?? defaultRegion)],
    "clientCredentials.tokenUrl",
  );
  const { fetch, timeoutMs } = options;
  // A token request is a POST: it is never retried.
  const send = checkLimits({ timeoutMs }, { fetch, timeoutMs: defaultTimeoutMs, maxRetries: 0 });
  // RFC 6749 §2.3.1: the ID and the secret are form-encoded before they are joined.
  const basic = btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`);
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function requestToken(): Promise<string> {
    const body = new URLSearchParams({ grant_type: "client_credentials" });
    if (scope) body.set("scope", scope);
    const headers = { authorization: `Basic ${basic}`, accept: "application/json" };
    const { response, text } = await sendWithRetries(
      async (fetch, signal) => {
        const response = await fetch(new Request(url, { method: "POST", headers, body, signal }));
        return { response, text: await response.text() };
      },
      send,
      { idempotent: false },
    );
    const json = parseBody(text);
    const token = property(json, "access_token");
    if (!response.ok || typeof token !== "string" || token === "") {
      const { status, headers } = response;
      throw new AuthenticationError(
        status,
        json,
        headers,
        `The token request failed: ${status} ${describeOAuthError(json, headers)}`,
      );
    }
    // Renew 60 s before the token expires; one without `expires_in` lasts until a 401.
    const expiresIn = property(json, "expires_in");
    const lifetime = expiresIn === undefined ? Infinity : Number(expiresIn);
    cached = { token, renewAt: Date.now() + (lifetime - 60) * 1000 };
    return token;
  }

  return {
    getToken(signal) {
      if (cached && Date.now() < cached.renewAt) return Promise.resolve(cached.token);
      pending ??= requestToken().finally(() => {
        pending = undefined;
      });
      return untilAborted(pending, signal);
    },
    invalidate() {
      cached = undefined;
    },
  };
}

/**
 * What a failed token response says: an OAuth error says `error`, and maybe
 * `error_description`; any other body is described by its start.
 */
function describeOAuthError(body: unknown, headers: Headers): string {
  const error = property(body, "error");
  const description = property(body, "error_description");
  if (typeof error !== "string") return describeBody(body, headers);
  return description ? `${error}: ${description}` : error;
}
