import { describe, expect, test } from "vitest";
import { BEARER_TOKEN_PATTERN, LOOPBACK_HOSTNAME_PATTERN, MAX_TIMER_MS } from "./internal.ts";

const hostnameOf = (url: string) => new URL(url).hostname;

describe("BEARER_TOKEN_PATTERN", () => {
  test.each(["eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "a", "abc~+/="])(
    "accepts %j",
    (token) => {
      expect(BEARER_TOKEN_PATTERN.test(token)).toBe(true);
    },
  );

  test.each([
    "",
    "two words",
    "line\nbreak",
    "carriage\rreturn",
    "tab\there",
    "caf\u00e9",
    "snow\u2603man",
    "\u007f",
  ])("refuses %j", (token) => {
    expect(BEARER_TOKEN_PATTERN.test(token)).toBe(false);
  });
});

describe("LOOPBACK_HOSTNAME_PATTERN", () => {
  test.each([
    "http://localhost:8080",
    "http://LOCALHOST/",
    "http://127.0.0.1:4010",
    "http://127.0.0.2:1",
    "http://127.1/",
    "http://[::1]:4010",
  ])("accepts the host of %s", (url) => {
    expect(LOOPBACK_HOSTNAME_PATTERN.test(hostnameOf(url))).toBe(true);
  });

  test.each([
    "http://localhost.evil.example",
    "http://127.0.0.1.evil.example",
    "http://evil.example/127.0.0.1",
    "http://app.localhost",
    "http://128.0.0.1",
    "http://10.0.0.1",
    "http://[::2]",
    "http://0.0.0.0",
  ])("refuses the host of %s", (url) => {
    expect(LOOPBACK_HOSTNAME_PATTERN.test(hostnameOf(url))).toBe(false);
  });
});

describe("MAX_TIMER_MS", () => {
  test("is the longest delay a timer honours: one more, and Node warns that it fires after 1 ms", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on("warning", onWarning);
    try {
      clearTimeout(setTimeout(() => {}, MAX_TIMER_MS));
      clearTimeout(setTimeout(() => {}, MAX_TIMER_MS + 1));
      // Node emits its warnings on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).toEqual([
      expect.stringMatching(
        /^TimeoutOverflowWarning: 2147483648 does not fit into a 32-bit signed integer/,
      ),
    ]);
    expect(MAX_TIMER_MS).toBe(2 ** 31 - 1);
  });
});
