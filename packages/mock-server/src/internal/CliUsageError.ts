/** A command line the `wdata-prep-mock` command cannot run; it exits with status 2. */
export class CliUsageError extends Error {
  override name = "CliUsageError";
}
