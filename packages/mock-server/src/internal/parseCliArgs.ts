import { parseArgs } from "node:util";
import type { PrepMockServerOptions } from "../PrepMockServerOptions.ts";
import { CliUsageError } from "./CliUsageError.ts";

/** The port the command listens on when `--port` is not given. */
const defaultCliPort = 4010;

/**
 * Reads the arguments of `wdata-prep-mock` into server options, or asks for help. Throws a
 * `CliUsageError` for an unknown flag, a missing value or a value that is not a number;
 * ranges are left to `startPrepMockServer`, which checks them.
 */
export function parseCliArgs(
  args: readonly string[],
): { help: true } | { help: false; options: PrepMockServerOptions } {
  let values: { port?: string; host?: string; token?: string; latency?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        port: { type: "string", short: "p" },
        host: { type: "string" },
        token: { type: "string" },
        latency: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message, { cause: error });
  }
  if (values.help) return { help: true };

  const options: PrepMockServerOptions = {
    port: values.port === undefined ? defaultCliPort : toNumber("--port", values.port),
  };
  if (values.host !== undefined) options.host = values.host;
  if (values.token !== undefined) options.token = values.token;
  if (values.latency !== undefined) options.latencyMs = toNumber("--latency", values.latency);
  return { help: false, options };
}

function toNumber(flag: string, value: string): number {
  if (!/^-?\d+(\.\d+)?$/.test(value.trim())) {
    throw new CliUsageError(`${flag} expects a number, got "${value}"`);
  }
  return Number(value);
}
