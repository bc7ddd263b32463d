/**
 * The wait before retry number `retry` (0 for the first) when the server does not say:
 * 0.5 s · 2ⁿ, at most 8 s, shortened by up to a quarter at random so clients spread out.
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  return Math.min(500 * 2 ** retry, 8000) * (1 - random() * 0.25);
}
