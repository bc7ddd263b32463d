import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import react from "@vitejs/plugin-react";
import { seedConnections } from "@wdata-prep/mock-server";
import { prepProxy } from "./prepProxy.mjs";

/** A few seeded connections that show different states: the first, a failed run, one never run. */
function pickQuickLinks() {
  const picks = new Set([
    seedConnections[0],
    seedConnections.find((c) => c.lastRun?.sourceStatus === "error"),
    seedConnections.find((c) => c.lastRun?.sourceStatus === "running"),
    seedConnections.find((c) => !c.lastRun),
  ]);
  return [...picks]
    .filter((c) => c !== undefined)
    .map(({ connectionId, name }) => ({ id: String(connectionId), name: String(name) }));
}

const root = new URL("..", import.meta.url).pathname;

/**
 * The app's Vite configuration for a given upstream. On the embedded API the app shows quick
 * links to a few seeded connections.
 * @param {{ upstream: import("./upstream.mjs").PrepUpstream }} options
 * @returns {import("vite").InlineConfig}
 */
export function appConfig({ upstream }) {
  const quickLinks = upstream.embedded ? pickQuickLinks() : [];
  return {
    root,
    plugins: [react(), prepProxy(upstream)],
    define: { __PREP_QUICK_LINKS__: JSON.stringify(quickLinks) },
    optimizeDeps: {
      include: ["react", "react-dom/client", "react/jsx-runtime", "@tanstack/react-query"],
    },
    server: { host: "127.0.0.1", port: 5173, strictPort: true },
    preview: { host: "127.0.0.1", port: 4173, strictPort: true },
  };
}

/**
 * The Vite configuration of the demo build (`vite build --mode demo`): the app alone, with the
 * embedded API answering in a service worker (`src/demo.ts`), as static files in `dist-demo/`
 * that any web server can serve, from any path.
 * @returns {import("vite").InlineConfig}
 */
export function demoConfig() {
  return {
    root,
    base: "./",
    plugins: [react(), mswWorkerScript()],
    define: { __PREP_QUICK_LINKS__: JSON.stringify(pickQuickLinks()) },
    // The embedded API's chunk, loaded before the app starts, holds msw and the seed.
    build: { outDir: "dist-demo", emptyOutDir: true, chunkSizeWarningLimit: 1000 },
    preview: { host: "127.0.0.1", port: 4173, strictPort: true },
  };
}

/**
 * Adds msw's worker script, `mockServiceWorker.js`, to the build: the installed msw's own, so
 * that it always matches the msw bundled into the page (msw checks that they match).
 * @returns {import("vite").Plugin}
 */
function mswWorkerScript() {
  const script = createRequire(import.meta.url).resolve("msw/mockServiceWorker.js");
  return {
    name: "msw-worker-script",
    apply: "build",
    generateBundle() {
      this.emitFile({
        type: "asset",
        fileName: "mockServiceWorker.js",
        source: readFileSync(script, "utf8"),
      });
    },
  };
}
