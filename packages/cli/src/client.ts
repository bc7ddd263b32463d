import { createPrepClient, isPrepError, type PrepClient } from "@wdata-prep/fetch";
import { CliCredentialsError, CliUsageError } from "./exit.ts";

// The client every command calls the API with. Credentials and the API's address come from the
// client's own environment variables, which `createPrepClient` reads itself in Node: never
// from a flag, whose value would stay in shell history and show in process lists.

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
 * `WDATA_PREP_REGION`. `warn` prints a warning line.
 */
export function createClient(
  flags: ClientFlags,
  env: Readonly<Record<string, string | undefined>>,
  warn: (message: string) => void,
): PrepClient {
  checkCredentials(env);
  if (flags.maxRps !== undefined) {
    // The hand-off to the client's request budget: once `createPrepClient` takes
    // `maxRequestsPerSecond`, pass `flags.maxRps` as that option and drop this warning.
    warn(
      `--max-rps ${flags.maxRps} is not applied: this version of @wdata-prep/fetch does not pace requests.`,
    );
  }
  try {
    return createPrepClient();
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
