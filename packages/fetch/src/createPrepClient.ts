import type { Connection, paths } from "@wdata-prep/core";
import createClient from "openapi-fetch";
import type { GetConnectionOptions } from "./GetConnectionOptions.ts";
import { check } from "./internal/check.ts";
import { checkLimits } from "./internal/checkLimits.ts";
import { createApiError } from "./internal/createApiError.ts";
import { resolveConfig } from "./internal/resolveConfig.ts";
import { sendWithRetries } from "./internal/sendWithRetries.ts";
import { unwrapConnection } from "./internal/unwrapConnection.ts";
import { withEnvDefaults } from "./internal/withEnvDefaults.ts";
import type { PrepClient } from "./PrepClient.ts";
import type { PrepClientOptions } from "./PrepClientOptions.ts";

/**
 * Creates a client of the Wdata Prep API. Throws a `PrepError` at once for a bad option.
 *
 * @example
 * const prep = createPrepClient({ token: process.env.WDATA_PREP_TOKEN });
 * const connection = await prep.getConnection(connectionId);
 */
export function createPrepClient(options: PrepClientOptions = {}): PrepClient {
  const { baseUrl, headers, send } = resolveConfig(withEnvDefaults(options));
  const raw = createClient<paths>({
    baseUrl,
    headers,
    fetch: (request) => sendWithRetries(request, send),
  });

  async function getConnection(
    connectionId: string,
    { workspaceId, signal, timeoutMs, maxRetries }: GetConnectionOptions = {},
  ): Promise<Connection> {
    check(
      typeof connectionId === "string" && !/^\s*$|^\.\.?$/.test(connectionId),
      'connectionId must be a non-blank string other than "." and ".."',
    );
    check(
      workspaceId === undefined ||
        (typeof workspaceId === "string" && /^(?!\s*$).{1,40}$/su.test(workspaceId)),
      "workspaceId must be a non-blank string of at most 40 characters",
    );
    const config = {
      ...send,
      ...checkLimits(timeoutMs ?? send.timeoutMs, maxRetries ?? send.maxRetries),
    };
    const { data, error, response } = await raw.GET("/api/v1/connections/{connectionId}", {
      params: { path: { connectionId }, query: { workspaceId } },
      signal,
      parseAs: "text",
      fetch: (request) => sendWithRetries(request, config),
    });
    if (!response.ok) throw createApiError(response.status, error ?? "", response.headers);
    return unwrapConnection(response, data ?? "");
  }

  return { getConnection, raw };
}
