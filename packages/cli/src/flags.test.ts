// The flags that take a value to check: durations and the request budget, parsed on their own
// and through commander, as the commands parse them.
import { MAX_TIMER_MS } from "@wdata-prep/core/internal";
import { Command, CommanderError } from "commander";
import { describe, expect, test } from "vitest";
import { deadlineOption, maxRpsOption, parseDuration, parseRequestsPerSecond } from "./flags.ts";

describe("parseDuration", () => {
  test.each([
    ["90s", 90_000],
    ["10m", 600_000],
    ["1h", 3_600_000],
    ["1h30m", 5_400_000],
    ["1.5h", 5_400_000],
    ["250ms", 250],
    ["1m30s", 90_000],
    [" 2m ", 120_000],
    ["0.0015s", 2],
  ])("%j is %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(["10", "10x", "", "m", "-5s", "1 h", "10M", "1h-30m", "Infinitys", "1e3s"])(
    "%j has no unit it knows: a usage error that gives examples",
    (text) => {
      expect(() => parseDuration(text)).toThrow(
        "Give a duration with a unit, such as 90s, 10m, 1.5h or 1h30m (units: ms, s, m, h).",
      );
    },
  );

  test("a duration must be 1 ms to what a timer can wait (about 24 days)", () => {
    expect(parseDuration(`${MAX_TIMER_MS}ms`)).toBe(MAX_TIMER_MS);
    for (const text of ["0s", "0.4ms", `${MAX_TIMER_MS + 1}ms`, "600h"]) {
      expect(() => parseDuration(text), text).toThrow("Give a duration from 1ms to 596h.");
    }
  });
});

describe("parseRequestsPerSecond", () => {
  test.each([
    ["5", 5],
    ["0.5", 0.5],
    [" 20 ", 20],
  ])("%j is %d", (text, rate) => {
    expect(parseRequestsPerSecond(text)).toBe(rate);
  });

  test.each(["0", "0.0", "-1", "", "fast", "Infinity", "1e3", "5/s", "NaN"])(
    "%j is refused",
    (text) => {
      expect(() => parseRequestsPerSecond(text)).toThrow(
        "Give a number of requests per second greater than 0, such as 5 or 0.5.",
      );
    },
  );
});

/** Parses `args` with a command that takes `--deadline` and `--max-rps`, as `refresh` does. */
function parse(args: string[]): { options: Record<string, unknown>; errors: string } {
  let errors = "";
  const command = new Command("refresh")
    .exitOverride()
    .configureOutput({ writeErr: (text) => (errors += text) })
    .addOption(deadlineOption())
    .addOption(maxRpsOption());
  try {
    command.parse(args, { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
  }
  return { options: command.opts(), errors };
}

describe("deadlineOption and maxRpsOption", () => {
  test("give milliseconds and a rate to the command", () => {
    expect(parse(["--deadline", "10m", "--max-rps=2.5"])).toEqual({
      options: { deadline: 600_000, maxRps: 2.5 },
      errors: "",
    });
  });

  test("a bad value is commander's usage error, naming the flag and what it takes", () => {
    expect(parse(["--deadline", "10"]).errors).toBe(
      "error: option '--deadline <duration>' argument '10' is invalid. Give a duration with a unit, such as 90s, 10m, 1.5h or 1h30m (units: ms, s, m, h).\n",
    );
    expect(parse(["--max-rps", "0"]).errors).toBe(
      "error: option '--max-rps <n>' argument '0' is invalid. Give a number of requests per second greater than 0, such as 5 or 0.5.\n",
    );
  });
});
