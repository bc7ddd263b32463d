import {
  BEARER_TOKEN_PATTERN,
  LOOPBACK_HOSTNAME_PATTERN,
  MAX_TIMER_MS,
  PREP_SERVERS,
  type Region,
} from "@wdata-prep/core";
import { mergeHeaders } from "openapi-fetch";
import type { ClientCredentials } from "./auth.ts";
import { isPrepError, PrepError } from "./errors.ts";
import { type SendConfig, untilAborted } from "./send.ts";

// The options of `createPrepClient`: their types, their defaults, and the checks that turn a
// bad value into a `PrepError` naming the option, before any request. The environment
// variables that stand in for options left out are read in `env.ts`.

/**
 * Options of `createPrepClient`. In Node, options left out are read from environment variables
 * (see the table in the README); browsers never read them.
 */
export interface PrepClientOptions {
  /**
   * The Workiva region whose API (and token endpoint) to call.
   * @default "us" (or `WDATA_PREP_REGION`)
   */
  region?: Region;
  /**
   * The base URL of the API, overriding `region`: a proxy or a local server. Plain `http:` is
   * allowed only for a loopback host: `localhost`, `127.x.x.x` or `[::1]`, such as
   * `http://127.0.0.1:8080`. In browsers a relative URL resolves against the page.
   * @default the region's server, such as `"https://h.app.wdesk.com/s/wdata/prep"` (or `WDATA_PREP_BASE_URL`)
   */
  baseUrl?: string;
  /**
   * The bearer token: a string, or a function called before every attempt that returns one.
   * Give either `token` or `clientCredentials`, not both.
   * @default undefined (or `WDATA_PREP_TOKEN`); with no token nor credentials no `Authorization` header is sent, as behind a proxy that adds it
   */
  token?: string | (() => string | Promise<string>);
  /**
   * OAuth2 client credentials (server side only: the browser build throws a `PrepError`): a
   * token is fetched when first needed, cached, and renewed before it expires or after a 401.
   * @default undefined (or `WORKIVA_CLIENT_ID` and `WORKIVA_CLIENT_SECRET`)
   */
  clientCredentials?: ClientCredentials;
  /**
   * How many times a failed request is retried: after a network error, a timeout, or a 408,
   * 429, 500, 502, 503 or 504 response. A POST, which may start a run, is retried only when it
   * never reached the server: after a refused connection, or a 429 or 503 with `Retry-After`.
   * @default 2
   */
  maxRetries?: number;
  /**
   * The time limit of each attempt, in milliseconds, until the whole response body has arrived.
   * @default 60000
   */
  timeoutMs?: number;
  /**
   * The `fetch` to send requests with, such as one with a proxy agent.
   * @default globalThis.fetch
   */
  fetch?: (input: Request) => Promise<Response>;
  /**
   * Extra headers to send on every request.
   * @default undefined
   */
  headers?: Record<string, string>;
}

/** The region of a client, and of a token provider, given none. */
export const defaultRegion: Region = "us";

/** The time limit of each attempt, unless the options give one. */
export const defaultTimeoutMs = 60_000;

/** How many times a client retries a failed request, unless the options say. */
const defaultMaxRetries = 2;

/** The checked options of `createPrepClient`, with the defaults filled in. */
export interface ClientConfig {
  /** The region, for the token endpoint of client credentials. */
  region: Region;
  /** The base URL, without a trailing slash. */
  baseUrl: string;
  /** The headers of every request. */
  headers: Headers;
  /** How to send requests; `client.ts` adds the client credentials, if any. */
  send: SendConfig;
  /** The client credentials, if given. */
  clientCredentials: ClientCredentials | undefined;
}

/**
 * Checks the options of `createPrepClient` and fills in the defaults of those left out. Throws
 * a `PrepError` naming the first bad option.
 */
export function resolveConfig(options: PrepClientOptions): ClientConfig {
  const region = checkRegion(options.region ?? defaultRegion);
  const baseUrl = checkUrl(options.baseUrl ?? PREP_SERVERS[region], "baseUrl");
  const { token, clientCredentials } = options;
  check(token === undefined || !clientCredentials, "Give a token or clientCredentials, not both");
  const headers = checkHeaders(options.headers);
  const send = checkLimits(options, {
    fetch: options.fetch,
    timeoutMs: defaultTimeoutMs,
    maxRetries: defaultMaxRetries,
  });
  if (token !== undefined) send.token = bearerToken(token);
  return { region, baseUrl: baseUrl.href.replace(/\/$/, ""), headers, send, clientCredentials };
}

/** Throws a `PrepError` with `message` unless `ok`: the check of every input. */
export function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new PrepError(message);
}

/**
 * Whether `value` is a well-formed string with something other than white space: a lone
 * surrogate (half of a UTF-16 pair) cannot be encoded in a URL or a form.
 */
export function isFilled(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "" && !/\p{Cs}/u.test(value);
}

/** Returns `value` if it is a region of the API; throws a `PrepError` if not. */
export function checkRegion(value: unknown): Region {
  const regions = Object.keys(PREP_SERVERS);
  check(
    typeof value === "string" && regions.includes(value),
    `region must be one of ${regions.join(",")}, not ${JSON.stringify(value)}`,
  );
  return value as Region;
}

/**
 * Parses `value` as the URL of an endpoint that receives secrets; throws a `PrepError` unless it
 * is an http(s) URL without credentials, query or fragment, and plain `http:` only to a loopback
 * host (core's `LOOPBACK_HOSTNAME_PATTERN`). In browsers a relative URL resolves against the page.
 */
export function checkUrl(value: unknown, name: string): URL {
  const url = parseUrl(value);
  check(
    (url?.protocol === "https:" || url?.protocol === "http:") &&
      // Nothing but the origin and the path: not even an empty `?` or `#`.
      url.href === url.origin + url.pathname,
    `${name} must be an http(s) URL without credentials, query or fragment`,
  );
  check(
    url.protocol === "https:" || LOOPBACK_HOSTNAME_PATTERN.test(url.hostname),
    `${name} must use https: (http: only for loopback)`,
  );
  return url;
}

/** `value` as a URL (in browsers, relative to the page), or `undefined` when it is not one. */
function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== "string") return undefined;
  try {
    return new URL(value, globalThis.location?.href);
  } catch {
    return undefined;
  }
}

/**
 * `defaults` with the time limit and the retries of `options` where given, if both are valid;
 * throws a `PrepError` if not.
 */
export function checkLimits(
  options: { timeoutMs?: number | undefined; maxRetries?: number | undefined },
  defaults: SendConfig,
): SendConfig {
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  const maxRetries = options.maxRetries ?? defaults.maxRetries;
  checkMs(timeoutMs, "timeoutMs");
  checkRetries(maxRetries);
  return { ...defaults, timeoutMs, maxRetries };
}

/** Throws a `PrepError` unless `value` is a number of retries: a whole number, 0 or more. */
export function checkRetries(value: unknown): void {
  check(
    Number.isInteger(value) && Number(value) >= 0,
    `maxRetries must be a whole number >= 0, not ${value}`,
  );
}

/**
 * Throws a `PrepError` unless `value` is a time a timer can take: more than 0 and at most core's
 * `MAX_TIMER_MS` (2³¹ − 1) milliseconds.
 */
export function checkMs(value: unknown, name: string): void {
  check(
    typeof value === "number" && value > 0 && value <= MAX_TIMER_MS,
    `${name} must be 1 to ${MAX_TIMER_MS}, not ${value}`,
  );
}

/** The headers of every request: `Accept: application/json` and the extra ones, if valid. */
function checkHeaders(extra: Record<string, string> | undefined): Headers {
  try {
    return mergeHeaders({ accept: "application/json" }, extra);
  } catch {
    // No `cause`: it would quote the bad value, which may hold a secret.
    throw new PrepError("headers must be valid HTTP headers");
  }
}

/**
 * The `token` option as `SendConfig.token`. A token string is checked at once; what a token
 * function gives, before every attempt.
 */
function bearerToken(token: string | (() => string | Promise<string>)): SendConfig["token"] {
  if (typeof token !== "function") {
    const checked = checkToken(token);
    return () => checked;
  }
  const checkedToken = async () => {
    try {
      return checkToken(await token());
    } catch (cause) {
      // A `PrepError`, such as a token that cannot be sent, or an `AuthenticationError` from a
      // token provider, is passed on as it is.
      throw isPrepError(cause) ? cause : new PrepError("The token function failed", { cause });
    }
  };
  // The attempt stops waiting for the token when its signal aborts.
  return (signal) => untilAborted(checkedToken(), signal);
}

/**
 * Returns `value` if it can be sent as a bearer token (core's `BEARER_TOKEN_PATTERN`: visible
 * ASCII characters, no spaces); throws a `PrepError`, which never quotes it, if not.
 */
function checkToken(value: unknown): string {
  check(
    typeof value === "string" && BEARER_TOKEN_PATTERN.test(value),
    "token must be a string of visible ASCII characters",
  );
  return value;
}
