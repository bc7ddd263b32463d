import type { Region } from "@wdata-prep/core";
import type { ClientCredentials } from "../ClientCredentials.ts";
import type { PrepClientOptions } from "../PrepClientOptions.ts";
import { nodeEnv } from "./nodeEnv.ts";

/**
 * `options` with those left out read from `env`, the Node environment variables (empty ones
 * count as unset): `WDATA_PREP_REGION`, `WDATA_PREP_BASE_URL`, and `WDATA_PREP_TOKEN` or else
 * `WORKIVA_CLIENT_ID` with `WORKIVA_CLIENT_SECRET`. The browser build reads none of them.
 */
export function withEnvDefaults(
  options: PrepClientOptions,
  env = nodeEnv() ?? {},
): PrepClientOptions {
  const filled = { ...options };
  filled.region ??= (env.WDATA_PREP_REGION || undefined) as Region | undefined;
  filled.baseUrl ??= env.WDATA_PREP_BASE_URL || undefined;
  if (filled.token === undefined && !filled.clientCredentials) {
    const {
      WDATA_PREP_TOKEN: token,
      WORKIVA_CLIENT_ID: clientId,
      WORKIVA_CLIENT_SECRET: secret,
    } = env;
    if (token) filled.token = token;
    else if (clientId || secret) {
      filled.clientCredentials = { clientId, clientSecret: secret } as ClientCredentials;
    }
  }
  return filled;
}
