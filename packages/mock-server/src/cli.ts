#!/usr/bin/env node
import { CliUsageError } from "./internal/CliUsageError.ts";
import { cliUsage } from "./internal/cliUsage.ts";
import { parseCliArgs } from "./internal/parseCliArgs.ts";
import type { PrepMockServerOptions } from "./PrepMockServerOptions.ts";
import { seedConnections } from "./seedConnections.ts";
import { startPrepMockServer } from "./startPrepMockServer.ts";

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

try {
  const command = parseCliArgs(process.argv.slice(2));
  if (command.help) process.stdout.write(cliUsage);
  else await serve(command.options);
} catch (error) {
  if (error instanceof CliUsageError || error instanceof TypeError || error instanceof RangeError) {
    exitWithUsageError(error.message);
  } else {
    process.stderr.write(`wdata-prep-mock: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
