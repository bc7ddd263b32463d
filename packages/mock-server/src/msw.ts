// The embedded API as Mock Service Worker handlers: every request under one of the API's base
// URLs goes to the engine, in Node (`setupServer` from `msw/node`) or in a browser
// (`setupWorker` from `msw/browser`). Nothing here, nor in the engine, loads a Node module.
import { PREP_SERVERS } from "@wdata-prep/core";
import { type HttpHandler, http } from "msw";
import { createEngine, type PrepMockApi } from "./engine.ts";
import { checkNames, type PrepMockApiOptions, resolveApiOptions } from "./options.ts";

// What a test or a page answered by the handlers needs beside them, without the main entry and
// its server (which loads Node modules).
export type { PrepMockApi } from "./engine.ts";
export type { MockFault } from "./faults.ts";
export type { MockRateLimit } from "./gateway.ts";
export type { PrepMockApiOptions } from "./options.ts";
export type { RecordedRequest } from "./requests.ts";
export type { MockRunOutcome } from "./runs.ts";
export { seedConnections, seedRunOutcomes } from "./seed.ts";

/** Options of `createPrepHandlers`: the API's, and the base URLs it answers. */
export interface PrepHandlersOptions extends PrepMockApiOptions {
  /**
   * The base URL of the API to answer, or several: the client's `baseUrl` (a trailing slash is
   * ignored). An absolute `http:` or `https:` URL, or in a browser a path on the page's origin
   * (such as `"/prep"`).
   * @default every regional base URL of the API (`PREP_SERVERS` of `@wdata-prep/core`), so that a client made with any `region` is answered
   */
  baseUrl?: string | readonly string[];
}

/** The embedded API as MSW handlers, and the API's state: its requests, faults and reset. */
export interface PrepHandlers extends PrepMockApi {
  /**
   * The handlers to give `setupServer` or `setupWorker`: one per base URL, answering every
   * request under it — the six operations, and anything else as the API does (404, 405).
   */
  readonly handlers: readonly HttpHandler[];
}

/**
 * Creates MSW request handlers that answer the Wdata Prep API as `startPrepMockServer` does —
 * the same operations, runs, batches, faults, rate limit and recorded requests — without a
 * server: in a jsdom or Node test (`setupServer`) or in a browser (`setupWorker`). Takes the
 * server's options, except where it listens, and `baseUrl`. Throws a `TypeError` or `RangeError`
 * for invalid options.
 *
 * @example
 * import { setupServer } from "msw/node";
 * import { createPrepHandlers } from "@wdata-prep/mock-server/msw";
 *
 * const prep = createPrepHandlers({ token: "test-token", runDurationMs: 0 });
 * const server = setupServer(...prep.handlers);
 * server.listen();
 * // A client of any region is answered: createPrepClient({ region: "eu", token: "test-token" }).
 * prep.fault({ type: "unavailable" });
 * prep.requests; // what the client sent
 */
export function createPrepHandlers(options?: PrepHandlersOptions): PrepHandlers {
  const { baseUrl = Object.values(PREP_SERVERS), ...api } = checkNames(
    options,
    "createPrepHandlers",
    ["baseUrl"],
  ) as PrepHandlersOptions;
  const bases = resolveBaseUrls(baseUrl);
  const engine = createEngine(resolveApiOptions(api));
  // One handler per base URL, for every path under it: the engine routes, as the server does,
  // and answers what the API does not serve (404, 405) in its own shape. The pattern is a
  // regular expression without groups, so that MSW decodes nothing: a path it cannot decode
  // (`%E0%A4%A`) reaches the engine, which answers it 400 as the API does.
  const handlers = bases.map(({ url, basePath }) =>
    http.all(new RegExp(`^${escapeRegExp(url)}(?:/|$)`), ({ request }) =>
      engine.handle(request, basePath),
    ),
  );
  return {
    handlers,
    get requests() {
      return engine.requests;
    },
    fault(fault) {
      engine.fault(fault);
    },
    reset() {
      engine.reset();
    },
  };
}

/**
 * Checks the `baseUrl` option: each an absolute `http:` or `https:` URL, or a path on the page's
 * origin where there is a page (`location`), without a query or a fragment. Returns each as an
 * absolute URL without its trailing slash, with the path the API's paths hang off
 * (`"/s/wdata/prep"`, or `""`).
 */
function resolveBaseUrls(baseUrl: unknown): { url: string; basePath: string }[] {
  const given: unknown[] = Array.isArray(baseUrl) ? baseUrl : [baseUrl];
  if (given.length === 0) throw new TypeError("baseUrl must name at least one base URL");
  const urls = given.map((value, index) => {
    const url = typeof value === "string" ? parseBaseUrl(value) : undefined;
    if (!url) {
      // The value is not quoted: a URL may carry credentials.
      const name = Array.isArray(baseUrl) ? `baseUrl[${index}]` : "baseUrl";
      throw new TypeError(
        `${name} must be an absolute http: or https: URL (or, in a browser, a path starting with "/"), without credentials, a query or a fragment, such as "${PREP_SERVERS.us}"`,
      );
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
  });
  return [...new Set(urls)].map((url) => ({
    url,
    basePath: new URL(url).pathname.replace(/\/$/, ""),
  }));
}

/** A base URL as an absolute URL (a path resolved on the page's origin), if it is one. */
function parseBaseUrl(value: string): URL | undefined {
  const page = (globalThis as { location?: { href: string } }).location?.href;
  const isPath = value.startsWith("/") && !value.startsWith("//");
  if (!/^https?:\/\//i.test(value) && !(isPath && page)) return undefined;
  if (value.includes("?") || value.includes("#")) return undefined;
  try {
    const url = new URL(value, page);
    return url.username || url.password ? undefined : url;
  } catch {
    return undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
