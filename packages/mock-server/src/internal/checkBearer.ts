import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Checks an `Authorization` header against the one accepted token, in constant time. The
 * scheme name is case-insensitive, as HTTP specifies.
 */
export function checkBearer(
  authorization: string | undefined,
  token: string,
): "valid" | "missing" | "invalid" {
  if (authorization === undefined || authorization.trim() === "") return "missing";
  const match = /^bearer +(\S+) *$/i.exec(authorization);
  if (!match?.[1]) return "invalid";
  return timingSafeEqual(digest(match[1]), digest(token)) ? "valid" : "invalid";
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
