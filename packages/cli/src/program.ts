import { DESTINATION_TYPE_FILTERS, SOURCE_TYPE_FILTERS } from "@wdata-prep/core";
import { Command, CommanderError } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { getConnection, type ListFlags, listConnections, listQuery } from "./connections.ts";
import { CliUsageError, ExitCode, exitCodeMeanings } from "./exit.ts";
import { deadlineOption, maxRpsOption } from "./flags.ts";
import { type RefreshFlags, refresh, refreshTarget } from "./refresh.ts";
import { type CommandFlags, errorJson, fail, runCommand, writeJson } from "./run.ts";
import { getBatchStatus, getStatus } from "./status.ts";

// The `wdata-prep` command line: its commands, their arguments and flags, and its help. Parsing
// is commander's; running a command is `runCommand`'s.

/** The environment variables and exit codes, at the end of the help of every command. */
const helpFooter = `
Environment:
  WDATA_PREP_TOKEN       a bearer token; or else both of
  WORKIVA_CLIENT_ID      the client ID of OAuth2 client credentials
  WORKIVA_CLIENT_SECRET  and its client secret
  WORKIVA_TOKEN_URL      the token endpoint (default: the region's)
  WDATA_PREP_REGION      us, eu or apac (default: us)
  WDATA_PREP_BASE_URL    the API's base URL, instead of the region's
  Credentials are read from these variables only, never from flags.

Exit codes:
${exitCodeMeanings.map(([code, meaning]) => `  ${String(code).padEnd(5)}${meaning}`).join("\n")}`;

/**
 * Runs `wdata-prep` with `args` (the arguments after the command's name) and returns the exit
 * code. Usage errors are commander's messages on stderr, and with `--json` also the JSON
 * document on stdout.
 */
export async function main(args: readonly string[]): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.complete;
  const program = createProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...args], { from: "user" });
    return exitCode;
  } catch (error) {
    const json = wantsJson(args);
    if (!(error instanceof CommanderError)) return fail(error, json);
    // Help or the version, asked for: commander exits 0 after printing it on stdout.
    if (error.exitCode === 0) return ExitCode.complete;
    // commander has printed the error (or, for a command left out, the help) on stderr.
    if (json) {
      const message = error.message.replace(/^error: /, "");
      writeJson({ error: errorJson(new CliUsageError(message)) });
    }
    return ExitCode.usage;
  }
}

/** Whether the command line asks for JSON, read before commander could parse it. */
function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).includes("--json");
}

/** The program, whose commands hand their exit code to `setExitCode`. */
function createProgram(setExitCode: (code: ExitCode) => void): Command {
  const program = new Command("wdata-prep")
    .description(
      "A command line for Workiva's Wdata Prep API: find connections and follow their runs.",
    )
    .version(packageJson.version)
    // Set before the commands are added, which inherit them.
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("afterAll", helpFooter);

  /** A command that calls the API: it takes `--json` and `--max-rps`. */
  const apiCommand = (parent: Command, nameAndArgs: string, description: string) =>
    parent
      .command(nameAndArgs)
      .description(description)
      .option("--json", "write only the result, as one JSON document, to stdout")
      .addOption(maxRpsOption());

  const connections = program
    .command("connections")
    .description("list connections, or get the details of one");

  apiCommand(connections, "list", "list connections, filtered by source or destination")
    .option(
      "--source-type <type>",
      `only connections from a source of this type, with --source-id (${SOURCE_TYPE_FILTERS.join(", ")})`,
    )
    .option("--source-id <id>", "only connections from this source")
    .option(
      "--destination-type <type>",
      `only connections into a destination of this type, with --destination-id (${DESTINATION_TYPE_FILTERS.join(", ")})`,
    )
    .option("--destination-id <id>", "only connections into this destination")
    .action(async (flags: ListFlags & CommandFlags) => {
      const query = listQuery(flags);
      setExitCode(await runCommand(flags, (context) => listConnections(query, context)));
    });

  apiCommand(connections, "get <connectionId>", "get the details of a connection")
    .option("--workspace-id <id>", "the workspace the connection belongs to")
    .action(async (connectionId: string, flags: { workspaceId?: string } & CommandFlags) => {
      setExitCode(
        await runCommand(flags, (context) => getConnection(connectionId, flags, context)),
      );
    });

  apiCommand(
    program,
    "refresh [connectionIds...]",
    "refresh connections, those writing into one destination as batches; with --wait, wait for their runs and exit by how they ended",
  )
    .option("--wait", "wait for every run to finish (default: exit once they have started)")
    .addOption(deadlineOption())
    .option(
      "--cancel-unwritables",
      "in a batch, cancel each connection whose destination cannot be written instead of having the whole batch refused",
    )
    .option(
      "--destination-id <id>",
      "refresh every connection writing into this destination, instead of connection IDs",
    )
    .option(
      "--destination-type <type>",
      `the type of that destination, with --destination-id (${DESTINATION_TYPE_FILTERS.join(", ")})`,
    )
    .action(async (connectionIds: string[], flags: RefreshFlags & CommandFlags) => {
      const target = refreshTarget(connectionIds, flags);
      setExitCode(await runCommand(flags, (context) => refresh(target, flags, context)));
    });

  apiCommand(
    program,
    "status <connectionId>",
    "get a run of a connection, without waiting; exits by how it ended (0 while it is going)",
  )
    .option("--job <jobId>", "the run to get (default: the latest run)")
    .action(async (connectionId: string, flags: { job?: string } & CommandFlags) => {
      setExitCode(await runCommand(flags, (context) => getStatus(connectionId, flags, context)));
    });

  apiCommand(
    program,
    "batch-status <batchId>",
    "get a batch and its runs, without waiting; exits by how they ended (0 while they are going)",
  ).action(async (batchId: string, flags: CommandFlags) => {
    setExitCode(await runCommand(flags, (context) => getBatchStatus(batchId, context)));
  });

  return program;
}
