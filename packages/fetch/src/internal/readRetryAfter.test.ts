import { expect, test } from "vitest";
import { readRetryAfter } from "./readRetryAfter.ts";

const now = Date.parse("2026-11-27T12:00:00Z");
const read = (headers: Record<string, string>) => readRetryAfter(new Headers(headers), now);

test("is undefined without a header", () => {
  expect(read({})).toBeUndefined();
});

test("reads Retry-After in seconds", () => {
  expect(read({ "retry-after": "7" })).toBe(7000);
  expect(read({ "retry-after": "0" })).toBe(0);
});

test("reads Retry-After as an HTTP date; a past date means now", () => {
  expect(read({ "retry-after": "Fri, 27 Nov 2026 12:00:30 GMT" })).toBe(30_000);
  expect(read({ "retry-after": "Fri, 27 Nov 2026 11:00:00 GMT" })).toBe(0);
});

test("prefers retry-after-ms, which may be fractional", () => {
  expect(read({ "retry-after-ms": "250.5", "retry-after": "7" })).toBe(250.5);
});

test("is undefined for a value it cannot read", () => {
  expect(read({ "retry-after": "later" })).toBeUndefined();
  expect(read({ "retry-after-ms": "soon" })).toBeUndefined();
});
