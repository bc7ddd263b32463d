import { check } from "./check.ts";

/**
 * Returns `value` if it can be sent as a bearer token (visible ASCII characters, no spaces);
 * throws a `PrepError`, which never quotes it, if not.
 */
export function checkToken(value: unknown): string {
  check(
    typeof value === "string" && /^[\x21-\x7e]+$/.test(value),
    "token must be a string of visible ASCII characters",
  );
  return value;
}
