import { describe, expect, test } from "vitest";
import { CliUsageError } from "./CliUsageError.ts";
import { parseCliArgs } from "./parseCliArgs.ts";

describe("parseCliArgs", () => {
  test("listens on port 4010 by default and leaves the rest to the server's defaults", () => {
    expect(parseCliArgs([])).toEqual({ help: false, options: { port: 4010 } });
  });

  test("reads every flag", () => {
    expect(
      parseCliArgs(["-p", "0", "--host", "::1", "--token", "t0k3n", "--latency", "250"]),
    ).toEqual({
      help: false,
      options: { port: 0, host: "::1", token: "t0k3n", latencyMs: 250 },
    });
  });

  test("asks for help with --help or -h, whatever else is given", () => {
    expect(parseCliArgs(["--help"])).toEqual({ help: true });
    expect(parseCliArgs(["--port", "1", "-h"])).toEqual({ help: true });
  });

  test.each([
    [["--nope"], /Unknown option '--nope'/],
    [["--port", "four"], /--port expects a number, got "four"/],
    [["--latency", ""], /--latency expects a number, got ""/],
    [["--port", "0x10"], /--port expects a number/],
    [["extra"], /Unexpected argument 'extra'/],
  ])("throws a CliUsageError for %j", (args, message) => {
    expect(() => parseCliArgs(args)).toThrow(CliUsageError);
    expect(() => parseCliArgs(args)).toThrow(message);
  });
});
