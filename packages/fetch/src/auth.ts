import { PREP_TOKEN_URLS } from "@wdata-prep/core";
import { BEARER_TOKEN_PATTERN } from "@wdata-prep/core/internal";
import {
  AuthenticationError,
  createApiError,
  PrepAbortError,
  PrepConnectionError,
  PrepConnectionTimeoutError,
  parseBody,
  property,
} from "./errors.ts";
import {
  check,
  checkFetch,
  checkLimits,
  checkOptions,
  checkRegion,
  checkSignal,
  checkUrl,
  defaultRegion,
  defaultTimeoutMs,
  isFilled,
} from "./options.ts";
import { createSecrets, type Secrets } from "./redact.ts";
import { type SendConfig, sendWithRetries } from "./send.ts";
import type { Region } from "./types.ts";

// OAuth2 client credentials, for servers only: the token provider, which a client with
// `clientCredentials` gets its tokens from, and how it reads token responses. The browser
// build takes `auth.browser.ts` instead, which refuses them: a client secret must never reach
// a browser.

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
  tokenUrl?: string | undefined;
  /**
   * The scopes to ask for, separated by spaces. The connections endpoints need none.
   * @default undefined (no `scope` parameter)
   */
  scope?: string | undefined;
}

/** Gives access tokens from OAuth2 client credentials; made by `createTokenProvider`. */
export interface TokenProvider {
  /**
   * Resolves to a valid access token: the cached one until shortly before it expires (a tenth
   * of its lifetime, at most 60 s), else a new one; a token of unknown lifetime is kept until
   * `invalidate()`. Concurrent calls share one token request.
   * @param signal Stops waiting for the token: rejects with a `PrepAbortError` when it aborts,
   * and at once, starting nothing, when it is already aborted. Once no caller waits for a token
   * request any more, it is aborted.
   */
  getToken(signal?: AbortSignal): Promise<string>;
  /** Forgets the cached token, so the next `getToken()` requests a new one. */
  invalidate(): void;
}

/** Options of `createTokenProvider`. */
export interface TokenProviderOptions {
  /**
   * The region whose token endpoint to call, unless `credentials.tokenUrl` is given.
   * @default "us"
   */
  region?: Region | undefined;
  /**
   * The `fetch` to send token requests with.
   * @default globalThis.fetch
   */
  fetch?: ((input: Request) => Promise<Response>) | undefined;
  /**
   * The time limit of each attempt of a token request, in milliseconds.
   * @default 60000
   */
  timeoutMs?: number | undefined;
  /**
   * How many times a token request is retried after a network error, a timeout, or a 408,
   * 429 or 5xx answer, as any request of the client is.
   * @default 2
   */
  maxRetries?: number | undefined;
}

/**
 * Gets access tokens with the OAuth2 client-credentials grant (HTTP Basic client
 * authentication), for server-side code such as a proxy that adds a bearer token to the
 * requests it forwards. `createPrepClient` uses the same provider for `clientCredentials`.
 *
 * A token request that fails on the network, times out, or gets a 408, 429 or 5xx answer is
 * retried like any request of the client; when no retry is left it rejects with the matching
 * class (`PrepConnectionError`, `PrepConnectionTimeoutError`, `RateLimitError`,
 * `InternalServerError`),
 * its message naming the token request. An OAuth refusal (400 or 401, such as
 * `invalid_client`) rejects with an `AuthenticationError` carrying the OAuth `error` and
 * `error_description`; a success without a usable token, with a `PrepApiError`. No error
 * holds a token or the client secret. Bad credentials or options throw a `PrepError` at once;
 * in the browser build, so does every call: a client secret must never reach a browser.
 *
 * @example
 * const tokens = createTokenProvider({ clientId, clientSecret }, { region: "eu" });
 * headers.set("authorization", `Bearer ${await tokens.getToken()}`);
 */
export function createTokenProvider(
  credentials: ClientCredentials,
  options: TokenProviderOptions = {},
): TokenProvider {
  return tokenProvider(credentials, options, {}, createSecrets());
}

/**
 * `createTokenProvider`, its token requests written to the log of a client and counted in its
 * request budget, if any: Workiva's request limits count the token endpoint too. Its
 * credentials and tokens are added to `secrets`, those of the client or its own. `now`, the
 * clock a token's lifetime is counted by, is for tests.
 */
export function tokenProvider(
  credentials: ClientCredentials,
  options: TokenProviderOptions,
  client: Pick<SendConfig, "log" | "budget">,
  secrets: Secrets,
  now: () => number = Date.now,
): TokenProvider {
  // JavaScript callers may pass nothing: that is reported like a missing ID and secret.
  const given: Partial<ClientCredentials> = credentials ?? {};
  const { clientId, clientSecret, tokenUrl, scope = "" } = given;
  check(
    isFilled(clientId) && isFilled(clientSecret),
    "clientCredentials need a clientId and a clientSecret, each a well-formed string (in Node: WORKIVA_CLIENT_ID and WORKIVA_CLIENT_SECRET)",
  );
  check(
    typeof scope === "string",
    "clientCredentials.scope must be a string of scopes separated by spaces",
  );
  checkOptions(options);
  checkFetch(options.fetch);
  const url = checkUrl(
    tokenUrl ?? PREP_TOKEN_URLS[checkRegion(options.region ?? defaultRegion)],
    "clientCredentials.tokenUrl",
  );
  const { fetch } = options;
  const send = checkLimits(options, {
    fetch,
    timeoutMs: defaultTimeoutMs,
    maxRetries: 2,
    ...client,
  });
  // RFC 6749 §2.3.1: the ID and the secret are form-encoded before they are joined.
  const basic = btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`);
  secrets.add(clientSecret, true);
  secrets.add(basic, true);
  let cached: { token: string; renewAt: number } | undefined;
  /** The token request under way, and how many callers wait for it. */
  let pending: { token: Promise<string>; controller: AbortController; waiting: number } | undefined;

  async function requestToken(signal: AbortSignal): Promise<string> {
    const body = new URLSearchParams({ grant_type: "client_credentials" });
    if (scope) body.set("scope", scope);
    const headers = { authorization: `Basic ${basic}`, accept: "application/json" };
    let answer: { response: Response; text: string };
    try {
      answer = await sendWithRetries(
        async (fetch, signal) => {
          // A redirect is never followed: the client secret goes to the token URL only.
          const init = { method: "POST", headers, body, signal, redirect: "manual" } as const;
          const request = new Request(url, init);
          const response = await fetch(request);
          return { response, text: await response.text() };
        },
        send,
        // Asking for a token again is harmless: it is retried like a GET.
        { signal, idempotent: true },
      );
    } catch (error) {
      throw nameTokenRequest(error, send.timeoutMs);
    }
    const json = parseBody(answer.text);
    const token = readToken(answer.response, json, secrets);
    secrets.add(token);
    cached = { token, renewAt: now() + renewAfterMs(property(json, "expires_in")) };
    return token;
  }

  /**
   * Waits for the token of `request`; stops when `signal` aborts, and then, if no other caller
   * waits for it, aborts the token request too, so that it keeps nothing running. Each waiter
   * handles the token request's rejection, so a request always has a handler.
   */
  function waitFor(request: NonNullable<typeof pending>, signal?: AbortSignal): Promise<string> {
    request.waiting++;
    return new Promise((resolve, reject) => {
      let waiting = true;
      const leave = () => {
        if (waiting) request.waiting--;
        waiting = false;
        signal?.removeEventListener("abort", stop);
      };
      const stop = () => {
        leave();
        reject(new PrepAbortError(signal?.reason));
        if (request.waiting === 0) {
          if (pending === request) pending = undefined;
          request.controller.abort();
        }
      };
      signal?.addEventListener("abort", stop);
      request.token.then(
        (token) => {
          leave();
          resolve(token);
        },
        (error) => {
          leave();
          reject(error);
        },
      );
    });
  }

  return {
    getToken(signal) {
      try {
        checkSignal(signal);
      } catch (error) {
        return Promise.reject(error);
      }
      // Refused before anything else, cached token or not: no token request starts for nobody.
      if (signal?.aborted) return Promise.reject(new PrepAbortError(signal.reason));
      if (cached && now() < cached.renewAt) return Promise.resolve(cached.token);
      if (!pending) {
        const controller = new AbortController();
        const request = {
          controller,
          waiting: 0,
          token: requestToken(controller.signal).finally(() => {
            if (pending === request) pending = undefined;
          }),
        };
        pending = request;
      }
      return waitFor(pending, signal);
    },
    invalidate() {
      cached = undefined;
    },
  };
}

/**
 * Makes `send` get the token of each attempt from the client credentials, and renew one the
 * API refused. Throws a `PrepError` at once for bad credentials.
 */
export function sendWithCredentials(
  send: SendConfig,
  credentials: ClientCredentials,
  region: Region,
  secrets: Secrets,
): void {
  const { fetch, timeoutMs, maxRetries, log, budget } = send;
  const tokens = tokenProvider(
    credentials,
    { region, fetch, timeoutMs, maxRetries },
    { log, budget },
    secrets,
  );
  send.token = (signal) => tokens.getToken(signal);
  send.renewToken = () => tokens.invalidate();
}

/**
 * How long a token is used, from its `expires_in`: until a tenth of its lifetime before it
 * expires, and at most 60 s before. A token of unknown lifetime (`expires_in` missing, or not
 * a positive number of seconds) is used until the API refuses it with a 401.
 */
function renewAfterMs(expiresIn: unknown): number {
  const seconds =
    typeof expiresIn === "number" || typeof expiresIn === "string" ? Number(expiresIn) : Number.NaN;
  if (!(seconds > 0 && Number.isFinite(seconds))) return Infinity;
  const lifetime = seconds * 1000;
  return lifetime - Math.min(lifetime / 10, 60_000);
}

/**
 * The access token of a token response; throws the error of one without a usable token. An
 * error holds only what describes the response, never its body: a malformed one may hold a
 * token.
 */
function readToken({ ok, status, headers }: Response, json: unknown, secrets: Secrets): string {
  const token = property(json, "access_token");
  if (ok && typeof token === "string" && BEARER_TOKEN_PATTERN.test(token)) return token;
  const error = property(json, "error");
  const description = property(json, "error_description");
  // The OAuth error and its description, which servers send for people to read, and nothing else.
  const oauth =
    typeof error === "string"
      ? { error, error_description: typeof description === "string" ? description : undefined }
      : undefined;
  const described = `${status} ${describeTokenResponse(json, headers, oauth)}`;
  if (ok) {
    const problem =
      typeof token === "string" && token
        ? "an access token that cannot be sent in an Authorization header (only visible ASCII characters can)"
        : "no access token";
    throw createApiError(
      status,
      undefined,
      headers,
      secrets,
      `The token response has ${problem}: ${described}`,
    );
  }
  // Not ok and under 400 is a redirect: fetch gives no 1xx answer.
  if (status < 400) {
    const location = headers.get("location");
    throw createApiError(
      status,
      undefined,
      headers,
      secrets,
      `The token request was redirected (${status} to ${location}), which a client secret never follows`,
    );
  }
  const message = `The token request failed: ${described}`;
  // An OAuth refusal: bad credentials, grant or scope.
  if (status === 400) {
    throw createApiError(status, oauth, headers, secrets, message, AuthenticationError);
  }
  // Anything else has the class of its status, as an answer of the API would.
  throw createApiError(status, oauth, headers, secrets, message);
}

/**
 * A token response for an error message, by what it is and never by its content: the OAuth
 * error and description when it has them, else its content type and the names of its fields.
 */
function describeTokenResponse(
  json: unknown,
  headers: Headers,
  oauth: { error: string; error_description: string | undefined } | undefined,
): string {
  if (oauth) {
    const { error, error_description: description } = oauth;
    return description ? `${error}: ${description}` : error;
  }
  const type = headers.get("content-type") || "no content type";
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return `${type}, ${json === "" ? "empty body" : "not a JSON object"}`;
  }
  return `${type}, fields ${Object.keys(json).join(", ") || "none"}`;
}

/** A network failure or a timeout of the token request, its message saying so. */
function nameTokenRequest(error: unknown, timeoutMs: number): unknown {
  if (error instanceof PrepConnectionTimeoutError) {
    return new PrepConnectionTimeoutError(timeoutMs, "The token request");
  }
  if (error instanceof PrepConnectionError) {
    return new PrepConnectionError(error.cause, "Could not reach the token endpoint");
  }
  return error;
}
