// What stands in front of the operations, as at an API gateway: the bearer token, then the rate
// limit, counted per token.
import { errorAnswer, type MockAnswer } from "./answers.ts";
import { describe, isObject } from "./input.ts";

/**
 * The answer to a request without the one accepted token: 401 with `WWW-Authenticate`, or
 * `undefined` when the request may go on (it carries the token, or no token is required).
 */
export async function refuseToken(
  authorization: string | null,
  token: string | undefined,
): Promise<MockAnswer | undefined> {
  if (token === undefined) return undefined;
  const given = bearerToken(authorization);
  if (given === undefined) {
    return errorAnswer(401, "Missing bearer token: send Authorization: Bearer <access token>", {
      headers: { "www-authenticate": 'Bearer realm="Wdata Prep"' },
    });
  }
  if (given === "" || !(await sameSecret(given, token))) {
    return errorAnswer(401, "Invalid bearer token", {
      headers: { "www-authenticate": 'Bearer realm="Wdata Prep", error="invalid_token"' },
    });
  }
  return undefined;
}

/**
 * The token of an `Authorization: Bearer <token>` header (the scheme name is case-insensitive, as
 * HTTP specifies): `undefined` without a header, `""` for a header that carries no bearer token.
 */
export function bearerToken(authorization: string | null): string | undefined {
  if (authorization === null || authorization.trim() === "") return undefined;
  return /^bearer +(\S+) *$/i.exec(authorization)?.[1] ?? "";
}

/**
 * Whether two strings are equal, in a time that tells nothing of where they differ: their
 * SHA-256 digests (of one length whatever was sent) are compared byte by byte to the end.
 */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

async function digest(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
}

/** The `rateLimit` option: how many requests each token may send. */
export interface MockRateLimit {
  /** How many requests per second each token may send, on average: more than 0. */
  requestsPerSecond: number;
  /**
   * How many requests a token may send at once, after a pause: a whole number, 1 or more.
   * @default requestsPerSecond rounded up (at least 1)
   */
  burst?: number;
}

/** A checked `rateLimit`, with its `burst` filled in. */
export type ResolvedRateLimit = Required<MockRateLimit>;

/**
 * Checks the `rateLimit` option and fills in its `burst`. Throws a `TypeError` or `RangeError`
 * naming the problem.
 */
export function resolveRateLimit(value: unknown): ResolvedRateLimit | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    throw new TypeError(
      `rateLimit must be an object such as { requestsPerSecond: 20 }, got ${describe(value)}`,
    );
  }
  const extra = Object.keys(value).find((key) => key !== "requestsPerSecond" && key !== "burst");
  if (extra) throw new TypeError(`rateLimit has no option "${extra}"`);
  const { requestsPerSecond, burst = Math.max(1, Math.ceil(requestsPerSecond as number)) } = value;
  if (typeof requestsPerSecond !== "number") {
    throw new TypeError(
      `rateLimit.requestsPerSecond must be a number, got ${describe(requestsPerSecond)}`,
    );
  }
  if (!Number.isFinite(requestsPerSecond) || requestsPerSecond <= 0) {
    throw new RangeError(
      `rateLimit.requestsPerSecond must be more than 0, got ${requestsPerSecond}`,
    );
  }
  if (typeof burst !== "number" || !Number.isSafeInteger(burst) || burst < 1) {
    throw new RangeError(
      `rateLimit.burst must be a whole number, 1 or more, got ${describe(burst)}`,
    );
  }
  return { requestsPerSecond, burst };
}

/** A bucket of tokens: how many were left at `at` (milliseconds since the epoch). */
interface Bucket {
  tokens: number;
  at: number;
}

/**
 * The most tokens whose buckets are kept, so that clients sending a new token with every request
 * cannot grow the server's memory: past it, the bucket used least recently is dropped (its token
 * starts again with a full burst).
 */
const maxBuckets = 1000;

/** Rate limiting by key (the bearer token; `""` for requests without one). */
export interface RateLimiter {
  /**
   * Counts a request of `key` at `now` (milliseconds): `undefined` when it is within the limit,
   * else the whole seconds after which the key may send one again.
   */
  take(key: string, now: number): { retryAfterSeconds: number } | undefined;
  /** Forgets every bucket: every key starts again with a full burst. */
  clear(): void;
}

/**
 * A token bucket per key: each holds up to `burst` tokens, refills at `requestsPerSecond`, and
 * a request takes one token or is over the limit.
 */
export function createRateLimiter({ requestsPerSecond, burst }: ResolvedRateLimit): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(key, now) {
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      const elapsed = Math.max(0, now - bucket.at) / 1000;
      bucket.tokens = Math.min(burst, bucket.tokens + elapsed * requestsPerSecond);
      bucket.at = now;
      // Kept in the order of last use, so that the first one is the least recently used.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > maxBuckets) buckets.delete(buckets.keys().next().value as string);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return undefined;
      }
      return { retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / requestsPerSecond)) };
    },
    clear() {
      buckets.clear();
    },
  };
}

/** The 429 a request over the rate limit gets. */
export function rateLimited(
  { requestsPerSecond, burst }: ResolvedRateLimit,
  retryAfterSeconds: number,
): MockAnswer {
  return errorAnswer(
    429,
    `Rate limit exceeded: each token may send ${requestsPerSecond} requests per second, ${burst} at once; retry after ${retryAfterSeconds} s`,
    { headers: { "retry-after": String(retryAfterSeconds) } },
  );
}
