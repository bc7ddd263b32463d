import { PREP_SERVERS, type Region } from "@wdata-prep/core";
import { check } from "./check.ts";

/** Returns `value` if it is a region of the API; throws a `PrepError` if not. */
export function checkRegion(value: unknown): Region {
  check(
    Object.hasOwn(PREP_SERVERS, value as string),
    `region must be one of ${Object.keys(PREP_SERVERS)}, not ${JSON.stringify(value)}`,
  );
  return value as Region;
}
