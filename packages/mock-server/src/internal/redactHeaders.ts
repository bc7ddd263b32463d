import type { IncomingHttpHeaders } from "node:http";

const credentialHeaders = new Set(["authorization", "proxy-authorization", "cookie"]);

/**
 * Flattens request headers into a plain object and hides credentials: a bearer token reads
 * `"Bearer [redacted]"`, any other credential `"[redacted]"`.
 */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    flat.push([name, credentialHeaders.has(name) ? redact(text) : text]);
  }
  return Object.fromEntries(flat);
}

function redact(credential: string): string {
  return /^bearer\b/i.test(credential) ? "Bearer [redacted]" : "[redacted]";
}
