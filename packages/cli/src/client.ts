import { createPrepClient, isPrepError, type PrepClient, type PrepLogger } from "@wdata-prep/fetch";
import { CliCredentialsError, CliUsageError } from "./exit.ts";

// The client every command calls the API with. Credentials and the API's address come from the
// client's own environment variables, which `createPrepClient` reads itself in Node: never
// from a flag, whose value would stay in shell history and show in process lists. Its log
// (`WDATA_PREP_LOG`) goes to stderr with the progress, never to stdout with the results.

/** The variable that holds a bearer token. */
const tokenVariable = "WDATA_PREP_TOKEN";
/** The variables that hold OAuth2 client credentials, both needed. */
const credentialVariables = ["WORKIVA_CLIENT_ID", "WORKIVA_CLIENT_SECRET"] as const;

/** What the flags of a command say about its client. */
export interface ClientFlags {
  /** `--max-rps`: the most requests per second. */
  maxRps?: number | undefined;
}

/**
 * A client configured by the environment, after checking that it holds credentials: a bearer
 * token, or a client ID with its secret (empty values count as unset, as for the client).
 * Throws a `CliCredentialsError` naming the variables when they are missing, and a
 * `CliUsageError` when the client refuses what the environment holds, such as an unknown
 * `WDATA_PREP_REGION`. `--max-rps` is its request budget; `log` prints each line of its log.
 */
export function createClient(
  flags: ClientFlags,
  env: Readonly<Record<string, string | undefined>>,
  log: (line: string) => void,
): PrepClient {
  checkCredentials(env);
  // Every level to `log`: `console`, the default, would write `debug` and `info` to stdout.
  const logger: PrepLogger = { debug: log, info: log, warn: log, error: log };
  try {
    return createPrepClient({ logger, maxRequestsPerSecond: flags.maxRps });
  } catch (error) {
    if (!isPrepError(error)) throw error;
    throw new CliUsageError(
      `The environment does not configure a usable client (WDATA_PREP_REGION, WDATA_PREP_BASE_URL, ${tokenVariable}, WORKIVA_TOKEN_URL): ${error.message}`,
    );
  }
}

/** Throws a `CliCredentialsError` naming the variables unless `env` holds credentials. */
function checkCredentials(env: Readonly<Record<string, string | undefined>>): void {
  if (env[tokenVariable]) return;
  const [idVariable, secretVariable] = credentialVariables;
  const missing = credentialVariables.filter((name) => !env[name]);
  if (missing.length === 0) return;
  const how = `Set ${tokenVariable} to a bearer token, or ${idVariable} and ${secretVariable} to OAuth2 client credentials; wdata-prep reads credentials from the environment only, never from flags.`;
  if (missing.length === 1) {
    const [given] = credentialVariables.filter((name) => env[name]);
    throw new CliCredentialsError(`${given} is set but ${missing[0]} is not. ${how}`);
  }
  throw new CliCredentialsError(`No credentials in the environment. ${how}`);
}
