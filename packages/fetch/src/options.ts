import { PREP_SERVERS } from "@wdata-prep/core";
import {
  BEARER_TOKEN_PATTERN,
  LOOPBACK_HOSTNAME_PATTERN,
  MAX_TIMER_MS,
} from "@wdata-prep/core/internal";
import type { ClientCredentials } from "./auth.ts";
import { isPrepError, PrepError } from "./errors.ts";
import { createLog, logLevels, type PrepLogger, type PrepLogLevel } from "./log.ts";
import { createSecrets, type Secrets } from "./redact.ts";
import { createRequestBudget, refuseAuthorization, type SendConfig, untilAborted } from "./send.ts";
import type { Region } from "./types.ts";

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
  region?: Region | undefined;
  /**
   * The base URL of the API, overriding `region`: a proxy or a local server. Plain `http:` is
   * allowed only for a loopback host: `localhost`, `127.x.x.x` or `[::1]`, such as
   * `http://127.0.0.1:8080`. A path, such as `"/prep"`, is resolved against the page at each
   * request; where there is no page, as during server rendering, a request fails with a
   * `PrepError` (creating the client does not).
   * @default the region's server, such as `"https://h.app.wdesk.com/s/wdata/prep"` (or `WDATA_PREP_BASE_URL`)
   */
  baseUrl?: string | undefined;
  /**
   * Which API the client's data comes from, for caches such as the query keys of
   * `@wdata-prep/react-hooks`: clients with the same scope share cached data. Give a server's
   * client and a browser's client that reach the same API (one directly, one through the app's
   * proxy) the same scope, so that what the server prefetched is found in the browser. It ends
   * up in cache keys, which may be written into the page: never put a credential in it.
   * @default the client's `baseUrl`
   */
  cacheScope?: string | undefined;
  /**
   * The bearer token: a string, or a function called before every attempt that returns one.
   * Give either `token` or `clientCredentials`, not both; with neither, no `Authorization`
   * header is sent, as behind a proxy that adds it.
   * @default undefined (or `WDATA_PREP_TOKEN`)
   */
  token?: (string | (() => string | Promise<string>)) | undefined;
  /**
   * OAuth2 client credentials (server side only: the browser build throws a `PrepError`): a
   * token is fetched when first needed, cached, and renewed before it expires or after a 401.
   * @default undefined (or `WORKIVA_CLIENT_ID` and `WORKIVA_CLIENT_SECRET`)
   */
  clientCredentials?: ClientCredentials | undefined;
  /**
   * How many times a failed request is retried: after a network error, a timeout, or a 408,
   * 429, 500, 502, 503 or 504 response. A POST, which may start a run, is retried only when it
   * never reached the server: after a refused connection, or a 429 or 503 with `Retry-After`.
   * @default 2
   */
  maxRetries?: number | undefined;
  /**
   * The time limit of each attempt, in milliseconds, until the whole response body has arrived.
   * @default 60000
   */
  timeoutMs?: number | undefined;
  /**
   * The client's request budget: at most this many requests per second, such as `5` or `0.5`,
   * every request of the client counted (each attempt, the polls of its waits and the token
   * requests of client credentials). Requests are sent one at a time, in the order they were
   * made, at least `1000 / maxRequestsPerSecond` ms apart, never in a burst; and a 429 with
   * `Retry-After` holds every request of the client until then, not only the one that got it.
   * `refreshMany` spaces its polls by it. Waiting for a turn is no part of `timeoutMs`.
   * @default undefined (no budget: requests are sent as they are made)
   */
  maxRequestsPerSecond?: number | undefined;
  /**
   * The `fetch` to send requests with, such as one with a proxy agent.
   * @default globalThis.fetch
   */
  fetch?: ((input: Request) => Promise<Response>) | undefined;
  /**
   * Extra headers to send on every request; a call's own `headers` win over them. A client with
   * a `token` or `clientCredentials` sends its own `Authorization`, and refuses one here.
   * @default undefined
   */
  headers?: Record<string, string> | undefined;
  /**
   * Where the client writes its log lines (one per attempt: method, path, status or network
   * error, milliseconds, the retry decision and the request ID; never a token, a header or a
   * body), such as `console` or a logger with the same four methods.
   * @default console
   */
  logger?: PrepLogger | undefined;
  /**
   * How much the client logs: `"error"`, `"warn"`, `"info"` or `"debug"` writes the lines of
   * that level and of the more severe ones.
   * @default "off" (or `WDATA_PREP_LOG`)
   */
  logLevel?: PrepLogLevel | undefined;
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
  /** The base URL as given (absolute, or a path on the page), without a trailing slash. */
  baseUrl: string;
  /**
   * For a base URL that is a path, resolves it against the page of the moment, or throws a
   * `PrepError` saying why it cannot; `undefined` for an absolute one.
   */
  resolveBaseUrl: (() => string) | undefined;
  /** Which API the client's data comes from, for caches. */
  cacheScope: string;
  /** The headers of every request. */
  headers: Headers;
  /** How to send requests; `client.ts` adds the client credentials, if any. */
  send: SendConfig;
  /** The client credentials, if given. */
  clientCredentials: ClientCredentials | undefined;
  /** The client's credentials, redacted from every error built from a response and every line. */
  secrets: Secrets;
}

/**
 * Checks the options of `createPrepClient` and fills in the defaults of those left out. Throws
 * a `PrepError` naming the first bad option.
 */
export function resolveConfig(options: PrepClientOptions): ClientConfig {
  const region = checkRegion(options.region ?? defaultRegion);
  const { token, clientCredentials, cacheScope } = options;
  const { baseUrl, resolveBaseUrl } = checkBaseUrl(options.baseUrl ?? PREP_SERVERS[region]);
  check(
    clientCredentials === undefined || isObject(clientCredentials),
    `clientCredentials must be an object with a clientId and a clientSecret, not ${describeValue(clientCredentials)}`,
  );
  check(token === undefined || !clientCredentials, "Give a token or clientCredentials, not both");
  checkFetch(options.fetch);
  const headers = checkHeaders(options.headers, { accept: "application/json" });
  if (token !== undefined || clientCredentials) refuseAuthorization(headers);
  check(
    cacheScope === undefined || isFilled(cacheScope),
    "cacheScope must be a non-blank, well-formed string",
  );
  const send = checkLimits(options, {
    fetch: options.fetch,
    timeoutMs: defaultTimeoutMs,
    maxRetries: defaultMaxRetries,
  });
  const secrets = createSecrets();
  send.log = checkLog(options.logger, options.logLevel ?? "off", secrets);
  const { maxRequestsPerSecond: rate } = options;
  if (rate !== undefined) {
    // A rate that spaces requests further apart than a timer can wait is refused too.
    check(
      // Number.isFinite is false for anything but a number, such as "5".
      Number.isFinite(rate) && rate > 0 && 1000 / rate <= MAX_TIMER_MS,
      `maxRequestsPerSecond must be a number more than 0 that spaces requests at most ${MAX_TIMER_MS} ms apart, not ${describeValue(rate)}`,
    );
    send.budget = createRequestBudget(rate, send.log);
  }
  if (token !== undefined) send.token = bearerToken(token, secrets);
  return {
    region,
    baseUrl,
    resolveBaseUrl,
    cacheScope: cacheScope ?? baseUrl,
    headers,
    send,
    clientCredentials,
    secrets,
  };
}

/** Throws a `PrepError` with `message` unless `ok`: the check of every input. */
export function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new PrepError(message);
}

/**
 * A value a caller gave, for the message of a check: a number, a boolean, `null` or `undefined`
 * as it is, a string quoted (up to 40 characters), anything else by its kind ("an object", "a
 * symbol", …), so that describing it never throws and never quotes a whole object.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
    case "bigint":
      return `${value}n`;
    case "symbol":
    case "function":
      return `a ${typeof value}`;
    case "object":
      if (value === null) return "null";
      return Array.isArray(value) ? "an array" : "an object";
    default:
      return String(value);
  }
}

/** Whether `value` is an object that is neither `null` nor an array, as options are. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Throws a `PrepError` unless `options`, the options argument of a function, is absent or an object. */
export function checkOptions(options: unknown): void {
  check(
    options === undefined || isObject(options),
    `options must be an object, not ${describeValue(options)}`,
  );
}

/**
 * Throws a `PrepError` unless `value` is absent or an `AbortSignal`: recognised by its shape,
 * so that one from another realm (such as a test environment's) is one too.
 */
export function checkSignal(value: unknown): void {
  check(
    value === undefined ||
      (typeof value === "object" &&
        value !== null &&
        typeof (value as AbortSignal).aborted === "boolean" &&
        typeof (value as AbortSignal).addEventListener === "function"),
    `signal must be an AbortSignal, not ${describeValue(value)}`,
  );
}

/** Throws a `PrepError` unless `value` is absent or a function, as the `fetch` option is. */
export function checkFetch(value: unknown): void {
  check(value === undefined || typeof value === "function", "fetch must be a function");
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
    `region must be one of ${regions.join(",")}, not ${describeValue(value)}`,
  );
  return value as Region;
}

/**
 * Parses `value` as the URL of an endpoint that receives secrets; throws a `PrepError` unless it
 * is an http(s) URL without credentials, query or fragment, and plain `http:` only to a loopback
 * host (core's `LOOPBACK_HOSTNAME_PATTERN`). `base` is the page a relative URL is resolved
 * against, if any.
 */
export function checkUrl(value: unknown, name: string, base?: string): URL {
  const url = parseUrl(value, base);
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

/** `value` as a URL (relative to `base` when given), or `undefined` when it is not one. */
function parseUrl(value: unknown, base: string | undefined): URL | undefined {
  if (typeof value !== "string") return undefined;
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/**
 * The base URL of a client, without a trailing slash: an absolute one checked at once, or a path
 * (such as `/prep`) kept as given, with the function that resolves it against the page, and
 * checks it, at each request. A path is checked at once against a stand-in page, so that one
 * with a query, a fragment or credentials is refused before any request.
 */
function checkBaseUrl(value: unknown): Pick<ClientConfig, "baseUrl" | "resolveBaseUrl"> {
  if (typeof value !== "string" || !value.startsWith("/")) {
    const url = checkUrl(value, "baseUrl");
    return { baseUrl: url.href.replace(/\/$/, ""), resolveBaseUrl: undefined };
  }
  checkUrl(value, "baseUrl", "https://page.invalid/");
  const baseUrl = value.length > 1 ? value.replace(/\/$/, "") : value;
  const resolveBaseUrl = () => {
    const page = globalThis.location?.href;
    check(
      page !== undefined,
      `baseUrl ${JSON.stringify(baseUrl)} is a path, and there is no page to resolve it against here (as during server rendering): a request needs an absolute baseUrl`,
    );
    return checkUrl(value, "baseUrl", page).href;
  };
  return { baseUrl, resolveBaseUrl };
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
    `maxRetries must be a whole number >= 0, not ${describeValue(value)}`,
  );
}

/**
 * Throws a `PrepError` unless `value` is a time a timer can take: more than 0 and at most
 * `MAX_TIMER_MS` (2³¹ − 1) milliseconds.
 */
export function checkMs(value: unknown, name: string): void {
  check(
    typeof value === "number" && value > 0 && value <= MAX_TIMER_MS,
    `${name} must be 1 to ${MAX_TIMER_MS}, not ${describeValue(value)}`,
  );
}

/**
 * `defaults` and the headers of an option, or of a call, if valid: an object (or `Headers`) of
 * header names and string values; throws a `PrepError` naming the first bad one if not. It
 * never quotes a value, which may hold a secret.
 */
export function checkHeaders(
  given: Record<string, string> | undefined,
  defaults?: Record<string, string>,
): Headers {
  check(
    given === undefined || isObject(given),
    `headers must be an object of header names and values, not ${describeValue(given)}`,
  );
  const headers = new Headers(defaults);
  for (const [name, value] of given instanceof Headers ? given : Object.entries(given ?? {})) {
    check(
      typeof value === "string",
      `headers[${JSON.stringify(name)}] must be a string, not ${describeValue(value)}`,
    );
    try {
      headers.set(name, value);
    } catch {
      // No `cause`: it would quote the value, which may hold a secret.
      throw new PrepError(`headers[${JSON.stringify(name)}] is not a valid HTTP header`);
    }
  }
  return headers;
}

/** The log of the options `logger` and `logLevel`, if valid; throws a `PrepError` if not. */
function checkLog(logger: unknown, level: unknown, secrets: Secrets): SendConfig["log"] {
  check(
    level === "off" || logLevels.includes(level as never),
    `logLevel must be one of off,${logLevels.join(",")}, not ${describeValue(level)}`,
  );
  check(
    logger === undefined ||
      (logger !== null &&
        logLevels.every((name) => typeof (logger as Record<string, unknown>)[name] === "function")),
    "logger must have debug, info, warn and error functions, as console does",
  );
  return createLog(logger as PrepLogger | undefined, level as PrepLogLevel, secrets);
}

/**
 * The `token` option as `SendConfig.token`. A token string is checked at once; what a token
 * function gives, before every attempt. Each token is added to the client's `secrets`.
 */
function bearerToken(
  token: string | (() => string | Promise<string>),
  secrets: Secrets,
): SendConfig["token"] {
  if (typeof token !== "function") {
    const checked = checkToken(token);
    secrets.add(checked, true);
    return () => checked;
  }
  const checkedToken = async () => {
    try {
      const checked = checkToken(await token());
      secrets.add(checked);
      return checked;
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
