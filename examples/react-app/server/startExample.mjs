import { startPrepMockServer } from "@wdata-prep/mock-server";
import { createServer } from "vite";
import { appConfig } from "./appConfig.mjs";
import { EMBEDDED_TOKEN, embeddedUpstream, namesPrepApi, upstreamFromEnv } from "./upstream.mjs";

/**
 * How long a run takes on the embedded API: long enough for a person to watch it go from
 * "Not started" through "Running" to its end.
 */
export const RUN_DURATION_MS = 2000;

/**
 * Starts the example: the app's Vite dev server and, unless the environment names a Prep API
 * (see `namesPrepApi`), the embedded Prep API, both on 127.0.0.1 by default.
 * @param {object} [options]
 * @param {number} [options.apiPort] The embedded API's port; 0 picks a free one. Default 4010.
 * @param {number} [options.appPort] The app's port; 0 picks a free one. Default 5173.
 * @param {string} [options.host] Where both listen. Default "127.0.0.1".
 * @param {boolean} [options.embedded] Use the embedded API even when the environment names
 *   another. Default: only when it names none.
 * @param {import("@wdata-prep/fetch").PrepClient} [options.client] Forward to this client's API
 *   instead, without starting the embedded one.
 * @param {number} [options.runDurationMs] How long a run takes on the embedded API, in
 *   milliseconds. Default `RUN_DURATION_MS` (2000).
 */
export async function startExample({
  apiPort = 4010,
  appPort = 5173,
  host = "127.0.0.1",
  embedded = !namesPrepApi(process.env),
  client,
  runDurationMs = RUN_DURATION_MS,
} = {}) {
  const api =
    !client && embedded
      ? await startPrepMockServer({ port: apiPort, host, token: EMBEDDED_TOKEN, runDurationMs })
      : undefined;
  const upstream = client
    ? { client, embedded: false }
    : api
      ? embeddedUpstream(api.url)
      : upstreamFromEnv();
  try {
    const config = appConfig({ upstream });
    const vite = await createServer({
      ...config,
      configFile: false,
      logLevel: "warn",
      server: { ...config.server, host, port: appPort },
    });
    await vite.listen();
    const address = vite.httpServer?.address();
    if (!address || typeof address === "string") throw new Error("The app server did not start.");
    return {
      /** The app's URL. */
      appUrl: `http://${host}:${address.port}/`,
      /** The base URL of the Prep API the app's proxy forwards to. */
      apiUrl: upstream.client.baseUrl,
      /** The embedded API, when it was started. */
      api,
      /** How long a run takes on the embedded API. */
      runDurationMs,
      /** Stops the app and the embedded API. */
      close: async () => {
        await vite.close();
        await api?.close();
      },
    };
  } catch (error) {
    await api?.close();
    throw error;
  }
}
