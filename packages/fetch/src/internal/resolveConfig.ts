import { PREP_SERVERS } from "@wdata-prep/core";
import { createTokenProvider } from "../createTokenProvider.ts";
import { isPrepError } from "../isPrepError.ts";
import type { PrepClientOptions } from "../PrepClientOptions.ts";
import { PrepError } from "../PrepError.ts";
import { check } from "./check.ts";
import { checkLimits } from "./checkLimits.ts";
import { checkRegion } from "./checkRegion.ts";
import { checkToken } from "./checkToken.ts";
import { checkUrl } from "./checkUrl.ts";
import type { SendConfig } from "./SendConfig.ts";

/**
 * Checks the options of `createPrepClient` and fills in the defaults of those left out. Throws
 * a `PrepError` naming the first bad option. Returns the base URL (without a trailing slash),
 * the headers of every request, and how to send them.
 */
export function resolveConfig(options: PrepClientOptions): {
  baseUrl: string;
  headers: Headers;
  send: SendConfig;
} {
  const region = checkRegion(options.region ?? "us");
  const baseUrl = checkUrl(options.baseUrl ?? PREP_SERVERS[region], "baseUrl");
  const { token, clientCredentials: credentials } = options;
  check(token === undefined || !credentials, "Give either token or clientCredentials, not both");
  let headers: Headers | undefined;
  try {
    headers = new Headers(options.headers);
  } catch {}
  check(headers, "headers must be valid HTTP header names and values");
  if (!headers.has("accept")) headers.set("accept", "application/json");
  const send: SendConfig = {
    fetch: options.fetch,
    ...checkLimits(options.timeoutMs ?? 60_000, options.maxRetries ?? 2),
  };
  if (credentials) {
    const { fetch, timeoutMs } = send;
    const provider = createTokenProvider(credentials, { region, fetch, timeoutMs });
    send.token = provider.getToken;
    send.invalidateToken = provider.invalidate;
  } else if (typeof token === "function") {
    const getToken = token;
    send.token = async () => {
      try {
        return checkToken(await getToken());
      } catch (cause) {
        throw isPrepError(cause) ? cause : new PrepError("The token function failed", { cause });
      }
    };
  } else if (token !== undefined) {
    const value = checkToken(token);
    send.token = async () => value;
  }
  return { baseUrl: baseUrl.href.replace(/\/$/, ""), headers, send };
}
