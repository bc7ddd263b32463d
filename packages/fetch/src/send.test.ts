import { describe, expect, test } from "vitest";
import { backoffDelay, retryDelay } from "./send.ts";

const none = () => 0;
const full = () => 1;
const answer = (status: number, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
});

describe("retryDelay", () => {
  test("no retry is left after maxRetries", () => {
    expect(retryDelay("GET", undefined, 2, 2, { random: none })).toBeUndefined();
    expect(retryDelay("GET", answer(503), 0, 0, { random: none })).toBeUndefined();
  });

  test("only idempotent methods are retried", () => {
    expect(retryDelay("POST", undefined, 0, 2, { random: none })).toBeUndefined();
    expect(retryDelay("POST", answer(503), 0, 2, { random: none })).toBeUndefined();
    expect(retryDelay("HEAD", answer(503), 0, 2, { random: none })).toBe(500);
  });

  test("a network failure or timeout backs off", () => {
    expect(retryDelay("GET", undefined, 0, 2, { random: none })).toBe(500);
    expect(retryDelay("GET", undefined, 1, 2, { random: none })).toBe(1000);
  });

  test.each([408, 429, 500, 502, 503, 504])("a %i backs off", (status) => {
    expect(retryDelay("GET", answer(status), 0, 1, { random: none })).toBe(500);
  });

  test.each([200, 204, 301, 400, 401, 403, 404, 409, 422, 423, 501, 505])(
    "a %i is final",
    (status) => {
      expect(retryDelay("GET", answer(status), 0, 5, { random: none })).toBeUndefined();
    },
  );

  test("the server's wait wins over the backoff, up to 60 s", () => {
    expect(retryDelay("GET", answer(429, { "retry-after": "3" }), 0, 2, { random: full })).toBe(
      3000,
    );
    expect(retryDelay("GET", answer(503, { "retry-after-ms": "20" }), 0, 2, { random: full })).toBe(
      20,
    );
    expect(retryDelay("GET", answer(429, { "retry-after": "60" }), 0, 2, { random: full })).toBe(
      60_000,
    );
    expect(
      retryDelay("GET", answer(429, { "retry-after": "61" }), 0, 2, { random: full }),
    ).toBeUndefined();
  });

  test("an unreadable Retry-After falls back to the backoff", () => {
    expect(retryDelay("GET", answer(429, { "retry-after": "soon" }), 1, 2, { random: none })).toBe(
      1000,
    );
  });
});

describe("backoffDelay", () => {
  test("doubles from 0.5 s up to 8 s", () => {
    const delays = [0, 1, 2, 3, 4, 5, 10].map((retry) => backoffDelay(retry, () => 0));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  test("jitter shortens each wait by up to a quarter", () => {
    expect(backoffDelay(0, () => 1)).toBe(375);
    expect(backoffDelay(4, () => 0.5)).toBe(7000);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(1);
      expect(delay).toBeGreaterThan(750);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });
});
