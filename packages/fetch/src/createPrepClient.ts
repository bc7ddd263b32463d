import { type paths, WORKSPACE_ID_MAX_LENGTH } from "@wdata-prep/core";
import createClient from "openapi-fetch";
import { check } from "./internal/check.ts";
import { checkLimits } from "./internal/checkLimits.ts";
import { readConnection } from "./internal/readConnection.ts";
import { resolveConfig } from "./internal/resolveConfig.ts";
import { withEnvDefaults } from "./internal/withEnvDefaults.ts";
import type { PrepClient } from "./PrepClient.ts";
import type { PrepClientOptions } from "./PrepClientOptions.ts";
import { sendWithRetries } from "./send.ts";

/**
 * Creates a client of the Wdata Prep API. Throws a `PrepError` at once for a bad option.
 *
 * @example
 * const prep = createPrepClient({ token: process.env.WDATA_PREP_TOKEN });
 * const connection = await prep.getConnection(connectionId);
 */
export function createPrepClient(options: PrepClientOptions = {}): PrepClient {
  const { send, ...clientOptions } = resolveConfig(withEnvDefaults(options));
  const raw = createClient<paths>({
    ...clientOptions,
    fetch: (request) => sendWithRetries(request, send),
  });

  return {
    async getConnection(connectionId, options = {}) {
      const { workspaceId } = options;
      check(
        typeof connectionId === "string" && /^(?!\s*$|\.\.?$)/.test(connectionId),
        'connectionId must be a non-blank string, not "." or ".."',
      );
      check(
        workspaceId === undefined ||
          (typeof workspaceId === "string" &&
            workspaceId.trim() !== "" &&
            // Counted in code points, as the spec's `maxLength` counts.
            [...workspaceId].length <= WORKSPACE_ID_MAX_LENGTH),
        `workspaceId must be a non-blank string of at most ${WORKSPACE_ID_MAX_LENGTH} characters`,
      );
      const config = checkLimits(options, send);
      return readConnection(
        await raw.GET("/api/v1/connections/{connectionId}", {
          params: { path: { connectionId }, query: { workspaceId } },
          signal: options.signal,
          parseAs: "text",
          fetch: (request) => sendWithRetries(request, config),
        }),
      );
    },
    raw,
  };
}
