import { defineConfig } from "vite";
import { appConfig } from "./server/appConfig.mjs";
import { upstreamFromEnv } from "./server/upstreamFromEnv.mjs";

export default defineConfig(appConfig({ upstream: upstreamFromEnv(process.env) }));
