// The `wdata-prep-mock` command: its usage, its arguments and how it runs the server.
// `bin.ts` runs it; this module only defines it, so tests can import it.
import { parseArgs } from "node:util";
import type { PrepMockServerOptions } from "./options.ts";
import { seedConnections } from "./seed.ts";
import { startPrepMockServer } from "./server.ts";

/** The text `wdata-prep-mock --help` prints. */
const cliUsage = `Usage: wdata-prep-mock [options]

Serves a local Wdata Prep API with seeded connections until stopped with Ctrl-C.

Options:
  -p, --port <port>        Port to listen on; 0 picks a free port (default: 4010)
      --host <host>        Host name or address to listen on (default: 127.0.0.1)
      --token <token>      Only accept "Authorization: Bearer <token>" (default: accept any request)
      --latency <ms>       Delay every answer by this many milliseconds (default: 0)
      --run-duration <ms>  How long a run takes from start to finish, in milliseconds (default: 2000)
      --rate-limit <n>     Answer 429 to a token's requests over n per second, after a burst of n
                           (default: no limit)
  -h, --help               Show this help
`;

/** The port the command listens on when `--port` is not given. */
const defaultCliPort = 4010;

/** A command line the `wdata-prep-mock` command cannot run; it exits with status 2. */
export class CliUsageError extends Error {
  override name = "CliUsageError";
}

/**
 * Reads the arguments of `wdata-prep-mock` into server options, or asks for help. Throws a
 * `CliUsageError` for an unknown flag, a missing value or a value that is not a number;
 * ranges are left to `startPrepMockServer`, which checks them.
 */
export function parseCliArgs(
  args: readonly string[],
): { help: true } | { help: false; options: PrepMockServerOptions } {
  let values: {
    port?: string;
    host?: string;
    token?: string;
    latency?: string;
    "run-duration"?: string;
    "rate-limit"?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        port: { type: "string", short: "p" },
        host: { type: "string" },
        token: { type: "string" },
        latency: { type: "string" },
        "run-duration": { type: "string" },
        "rate-limit": { type: "string" },
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
  const runDuration = values["run-duration"];
  if (runDuration !== undefined) options.runDurationMs = toNumber("--run-duration", runDuration);
  const rateLimit = values["rate-limit"];
  if (rateLimit !== undefined) {
    options.rateLimit = { requestsPerSecond: toNumber("--rate-limit", rateLimit) };
  }
  return { help: false, options };
}

function toNumber(flag: string, value: string): number {
  if (!/^-?\d+(\.\d+)?$/.test(value.trim())) {
    throw new CliUsageError(`${flag} expects a number, got "${value}"`);
  }
  return Number(value);
}

/**
 * Runs `wdata-prep-mock` with its arguments: prints usage, or serves until Ctrl-C or SIGTERM.
 * Sets `process.exitCode` to 2 for a bad command line and to 1 when the server cannot start.
 */
export async function runCli(args: readonly string[]): Promise<void> {
  try {
    const command = parseCliArgs(args);
    if (command.help) process.stdout.write(cliUsage);
    else await serve(command.options);
  } catch (error) {
    if (
      error instanceof CliUsageError ||
      error instanceof TypeError ||
      error instanceof RangeError
    ) {
      exitWithUsageError(error.message);
    } else {
      process.stderr.write(`wdata-prep-mock: ${(error as Error).message}\n`);
      process.exitCode = 1;
    }
  }
}

/** Starts the server, prints where it listens and stops it cleanly on Ctrl-C or SIGTERM. */
async function serve(options: PrepMockServerOptions): Promise<void> {
  const server = await startPrepMockServer(options);
  const connectionsUrl = `${server.url}/api/v1/connections`;
  const examples = seedConnections.slice(0, 3);
  const authorization = options.token ? ' -H "Authorization: Bearer <token>"' : "";
  process.stdout.write(
    [
      `Wdata Prep mock API listening on ${server.url}`,
      `Seeded connections (${seedConnections.length}), for example:`,
      ...examples.map(({ connectionId, name }) => `  ${connectionId}  ${name}`),
      `Try: curl${authorization} ${connectionsUrl}/${examples[0]?.connectionId}`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );

  const stop = (): void => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    void server.close().then(() => process.stdout.write("Stopped.\n"));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

function exitWithUsageError(message: string): void {
  process.stderr.write(`wdata-prep-mock: ${message}\nRun "wdata-prep-mock --help" for usage.\n`);
  process.exitCode = 2;
}
