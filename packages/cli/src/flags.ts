import { MAX_TIMER_MS } from "@wdata-prep/core/internal";
import { InvalidArgumentError, Option } from "commander";

// The flags that take a value to check, and how: durations (`--deadline 10m`) and the request
// budget (`--max-rps 5`). Each parser throws commander's `InvalidArgumentError`, which
// commander reports as a usage error naming the flag (exit 2).

/** Milliseconds in one of each unit a duration may use. */
const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** One or more numbers with a unit, such as `90s`, `10m`, `1.5h` or `1h30m`. */
const durationPattern = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;

/**
 * A duration such as `90s`, `10m`, `1.5h` or `1h30m` (units `ms`, `s`, `m`, `h`), in whole
 * milliseconds. Throws an `InvalidArgumentError` for anything else, for a bare number (a unit
 * is required), and for a duration of 0 or longer than a timer can wait (core's `MAX_TIMER_MS`,
 * about 24 days).
 */
export function parseDuration(value: string): number {
  const text = value.trim();
  if (!durationPattern.test(text)) {
    throw new InvalidArgumentError(
      "Give a duration with a unit, such as 90s, 10m, 1.5h or 1h30m (units: ms, s, m, h).",
    );
  }
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    ms += Number(amount) * unitMs[unit as keyof typeof unitMs];
  }
  ms = Math.round(ms);
  if (ms < 1 || ms > MAX_TIMER_MS) {
    throw new InvalidArgumentError(
      `Give a duration from 1ms to ${Math.floor(MAX_TIMER_MS / unitMs.h)}h.`,
    );
  }
  return ms;
}

/**
 * A number of requests per second greater than 0, such as `5` or `0.5` (one request every
 * two seconds). Throws an `InvalidArgumentError` for anything else.
 */
export function parseRequestsPerSecond(value: string): number {
  const rate = /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  // A rate so low that the wait between two requests is longer than a timer can wait, too.
  if (!(rate > 0 && 1000 / rate <= MAX_TIMER_MS)) {
    throw new InvalidArgumentError(
      "Give a number of requests per second greater than 0, such as 5 or 0.5.",
    );
  }
  return rate;
}

/**
 * The `--deadline <duration>` flag of a command that waits for runs: how long to wait for all
 * of them, parsed by `parseDuration` into milliseconds.
 */
export function deadlineOption(): Option {
  return new Option(
    "--deadline <duration>",
    "stop waiting after this long, such as 90s, 10m or 1h30m (exit 5 if a run is still going)",
  ).argParser(parseDuration);
}

/**
 * The `--max-rps <n>` flag of every command that calls the API: the most requests per second
 * the command may send, parsed by `parseRequestsPerSecond`.
 */
export function maxRpsOption(): Option {
  return new Option(
    "--max-rps <n>",
    "send at most this many requests per second, such as 5 or 0.5, polls and token requests included",
  ).argParser(parseRequestsPerSecond);
}
