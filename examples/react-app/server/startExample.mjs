import { startPrepMockServer } from "@wdata-prep/mock-server";
import { createServer } from "vite";
import { appConfig } from "./appConfig.mjs";
import { EMBEDDED_TOKEN, upstreamFromEnv } from "./upstreamFromEnv.mjs";

/**
 * Starts the example: the embedded Prep API (unless Workiva credentials or WDATA_PREP_MOCK_URL
 * point elsewhere) and the app's Vite dev server, both on 127.0.0.1 by default.
 * @param {{ apiPort?: number, appPort?: number, host?: string, env?: Record<string, string | undefined> }} [options]
 *   Ports default to 4010 (API) and 5173 (app); 0 picks free ports.
 */
export async function startExample({
  apiPort = 4010,
  appPort = 5173,
  host = "127.0.0.1",
  env = process.env,
} = {}) {
  let upstream = upstreamFromEnv(env);
  const api =
    upstream.embedded && !env.WDATA_PREP_MOCK_URL
      ? await startPrepMockServer({
          port: apiPort,
          host,
          token: env.WDATA_PREP_MOCK_TOKEN || EMBEDDED_TOKEN,
        })
      : undefined;
  if (api) upstream = upstreamFromEnv({ ...env, WDATA_PREP_MOCK_URL: api.url });
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
      /** The Prep API the app's proxy forwards to. */
      apiUrl: upstream.url,
      /** The embedded API, when it was started. */
      api,
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
