import { defineConfig } from "vite";
import { appConfig } from "./server/appConfig.mjs";
import { embeddedUpstream, namesPrepApi, upstreamFromEnv } from "./server/upstream.mjs";

export default defineConfig(
  appConfig({ upstream: namesPrepApi(process.env) ? upstreamFromEnv() : embeddedUpstream() }),
);
