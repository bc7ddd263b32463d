import type { Region } from "@wdata-prep/core";
import type { ClientCredentials } from "./ClientCredentials.ts";

/**
 * Options of `createPrepClient`. In Node, `baseUrl`, `region`, `token` and `clientCredentials`
 * left out are read from `WDATA_PREP_BASE_URL`, `WDATA_PREP_REGION`, `WDATA_PREP_TOKEN`, and
 * `WORKIVA_CLIENT_ID` with `WORKIVA_CLIENT_SECRET`; browsers never read them.
 */
export interface PrepClientOptions {
  /**
   * The Workiva region whose API (and token endpoint) to call.
   * @default "us" (or `WDATA_PREP_REGION`)
   */
  region?: Region;
  /**
   * The base URL of the API, overriding `region`: a proxy or a local server. Plain `http:` is
   * allowed only for a loopback address such as `http://127.0.0.1:8080`. In browsers a
   * relative URL resolves against the page.
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
   * 429, 500, 502, 503 or 504 response.
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
