import { expect, test } from "vitest";
import { backoffDelay } from "./backoffDelay.ts";

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
