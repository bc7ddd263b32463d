import { BEARER_TOKEN_PATTERN } from "@wdata-prep/core";
import { check } from "./check.ts";

/**
 * Returns `value` if it can be sent as a bearer token (core's `BEARER_TOKEN_PATTERN`: visible
 * ASCII characters, no spaces); throws a `PrepError`, which never quotes it, if not.
 */
export function checkToken(value: unknown): string {
  check(
    typeof value === "string" && BEARER_TOKEN_PATTERN.test(value),
    "token must be a string of visible ASCII characters",
  );
  return value;
}
