import type { ClientCredentials } from "./auth.ts";
import type { PrepClientOptions } from "./options.ts";

// The environment variables that stand in for the options of `createPrepClient` left out, on
// servers only. The browser build takes `env.browser.ts` instead, which reads none. The README
// lists them in one table.

/**
 * `options` with those left out read from `env`, the Node environment variables; empty ones
 * count as unset. `WDATA_PREP_REGION`, `WDATA_PREP_BASE_URL` and `WDATA_PREP_LOG` stand in for
 * `region`, `baseUrl` and `logLevel`. With neither a token nor credentials given, `WDATA_PREP_TOKEN` is the token, or
 * else `WORKIVA_CLIENT_ID` with `WORKIVA_CLIENT_SECRET` are the credentials. `WORKIVA_TOKEN_URL`
 * stands in for the `tokenUrl` of any credentials without one, given or read here.
 */
export function withEnvDefaults(
  options: PrepClientOptions,
  env = nodeEnv() ?? {},
): PrepClientOptions {
  const filled = { ...options };
  filled.region ??= read(env, "WDATA_PREP_REGION") as PrepClientOptions["region"];
  filled.baseUrl ??= read(env, "WDATA_PREP_BASE_URL");
  filled.logLevel ??= read(env, "WDATA_PREP_LOG") as PrepClientOptions["logLevel"];
  if (filled.token === undefined && !filled.clientCredentials) {
    const token = read(env, "WDATA_PREP_TOKEN");
    const clientId = read(env, "WORKIVA_CLIENT_ID");
    const clientSecret = read(env, "WORKIVA_CLIENT_SECRET");
    if (token) filled.token = token;
    else if (clientId || clientSecret) {
      // Half of the credentials is passed on, for `createTokenProvider` to say what is missing.
      filled.clientCredentials = { clientId, clientSecret } as ClientCredentials;
    }
  }
  const tokenUrl = read(env, "WORKIVA_TOKEN_URL");
  if (filled.clientCredentials && filled.clientCredentials.tokenUrl === undefined && tokenUrl) {
    filled.clientCredentials = { ...filled.clientCredentials, tokenUrl };
  }
  return filled;
}

/**
 * The variable `name` of `env`, or `undefined` when it is unset, empty, or may not be read: Deno
 * run without `--allow-env` throws on reading one, and a client given all it needs must still be
 * made there.
 */
function read(env: Record<string, string | undefined>, name: string): string | undefined {
  try {
    return env[name] || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The environment variables of a server runtime that gives them as `process.env`: Node, and
 * runtimes that mimic it, some without Node's `process.versions` (Next.js's edge runtime);
 * `undefined` where there is no `process`. Browsers never get here: their build reads none.
 * Detected without importing any Node module.
 */
export function nodeEnv(
  global: { process?: { env?: Record<string, string | undefined> } } = globalThis,
): Record<string, string | undefined> | undefined {
  return global.process?.env;
}
