import { defineConfig } from "vite";
import { appConfig, demoConfig } from "./server/appConfig.mjs";
import { embeddedUpstream, namesPrepApi, upstreamFromEnv } from "./server/upstream.mjs";

export default defineConfig(({ mode }) =>
  mode === "demo"
    ? demoConfig()
    : appConfig({ upstream: namesPrepApi(process.env) ? upstreamFromEnv() : embeddedUpstream() }),
);
