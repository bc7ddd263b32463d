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

/**
 * The app's Vite configuration for a given upstream. On the embedded API the app shows quick
 * links to a few seeded connections.
 * @param {{ upstream: import("./upstream.mjs").PrepUpstream }} options
 * @returns {import("vite").InlineConfig}
 */
export function appConfig({ upstream }) {
  const quickLinks = upstream.embedded ? pickQuickLinks() : [];
  return {
    root: new URL("..", import.meta.url).pathname,
    plugins: [react(), prepProxy(upstream)],
    define: { __PREP_QUICK_LINKS__: JSON.stringify(quickLinks) },
    optimizeDeps: {
      include: ["react", "react-dom/client", "react/jsx-runtime", "@tanstack/react-query"],
    },
    server: { host: "127.0.0.1", port: 5173, strictPort: true },
    preview: { host: "127.0.0.1", port: 4173, strictPort: true },
  };
}
