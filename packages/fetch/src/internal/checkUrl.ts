import { LOOPBACK_HOSTNAME_PATTERN } from "@wdata-prep/core";
import { check } from "./check.ts";

/**
 * Parses `value` as the URL of an endpoint that receives secrets; throws a `PrepError` unless it
 * is an http(s) URL without credentials, query or fragment, and plain `http:` only to a loopback
 * host (core's `LOOPBACK_HOSTNAME_PATTERN`). In browsers a relative URL resolves against the page.
 */
export function checkUrl(value: unknown, name: string): URL {
  let url = {} as URL;
  try {
    url = new URL(value as string, globalThis.location?.href);
  } catch {}
  check(
    typeof value === "string" &&
      /^https?:$/.test(url.protocol) &&
      url.href === url.origin + url.pathname,
    `${name} must be an http(s) URL without credentials, query or fragment`,
  );
  check(
    url.protocol === "https:" || LOOPBACK_HOSTNAME_PATTERN.test(url.hostname),
    `${name} must use https: (http: only for loopback)`,
  );
  return url;
}
