import { check } from "./check.ts";

/**
 * Parses `value` as the URL of an endpoint that receives secrets; throws a `PrepError` unless it
 * is an http(s) URL without credentials, query or fragment, and plain `http:` only to this
 * machine. In browsers a relative URL resolves against the page.
 */
export function checkUrl(value: unknown, name: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value as string, globalThis.location?.href);
  } catch {}
  const { protocol, hostname, username, password, search, hash } = url ?? ({} as URL);
  check(
    typeof value === "string" &&
      /^https?:$/.test(protocol) &&
      !(username || password || search || hash),
    `${name} must be an http(s) URL without credentials, query or fragment`,
  );
  check(
    protocol === "https:" || /^(.+\.)?localhost$|^127\.[\d.]+$|^\[::1\]$/.test(hostname),
    `${name} must use https: so tokens never travel unencrypted (http: is for loopback only)`,
  );
  return url as URL;
}
