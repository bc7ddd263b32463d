import { PREP_SERVERS } from "@wdata-prep/core";
import { mergeHeaders } from "openapi-fetch";
import { isPrepError, PrepError } from "../errors.ts";
import type { PrepClientOptions } from "../PrepClientOptions.ts";
import type { SendConfig } from "../send.ts";
import { check } from "./check.ts";
import { checkLimits } from "./checkLimits.ts";
import { checkRegion } from "./checkRegion.ts";
import { checkToken } from "./checkToken.ts";
import { checkUrl } from "./checkUrl.ts";
import { fetchWithCredentials } from "./fetchWithCredentials.ts";

/**
 * Checks the options of `createPrepClient` and fills in the defaults of those left out. Throws
 * a `PrepError` naming the first bad option. Returns the base URL (openapi-fetch drops a
 * trailing slash), the headers of every request, and how to send them.
 */
export function resolveConfig(options: PrepClientOptions): {
  baseUrl: string;
  headers: Headers;
  send: SendConfig;
} {
  const region = checkRegion(options.region ?? "us");
  const baseUrl = checkUrl(options.baseUrl ?? PREP_SERVERS[region], "baseUrl");
  const { token, clientCredentials: credentials } = options;
  check(token === undefined || !credentials, "Give a token or clientCredentials, not both");
  let headers: Headers | undefined;
  try {
    headers = mergeHeaders({ accept: "application/json" }, options.headers);
  } catch {}
  check(headers, "headers must be valid HTTP headers");
  const send = checkLimits(options, { fetch: options.fetch, timeoutMs: 60_000, maxRetries: 2 });
  if (credentials) send.fetch = fetchWithCredentials(credentials, region, send);
  else if (token !== undefined) {
    // A token string is checked at once; a token function's result before every attempt.
    if (typeof token !== "function") checkToken(token);
    send.token = async () => {
      try {
        return checkToken(typeof token === "function" ? await token() : token);
      } catch (cause) {
        throw isPrepError(cause) ? cause : new PrepError("The token function failed", { cause });
      }
    };
  }
  return { baseUrl: baseUrl.href, headers, send };
}
