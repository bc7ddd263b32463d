/**
 * How long the server asks the client to wait, in milliseconds: `retry-after-ms`, else
 * `Retry-After` in seconds or as an HTTP date (a past date is 0). `undefined` when absent or
 * unreadable.
 */
export function readRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  const value = headers.get("retry-after") ?? "";
  const wait = ms ? +ms : /^\s*\d+\s*$/.test(value) ? +value * 1000 : Date.parse(value) - now;
  return Number.isNaN(wait) ? undefined : Math.max(0, wait);
}
