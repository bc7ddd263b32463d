// The hooks in jsdom, with whichever React and TanStack Query versions are installed: the card
// shows the connection's name read through the hooks from the embedded API, then Refresh runs it
// until the status hook sees it complete.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createPrepClient } from "@wdata-prep/fetch";
import { seedConnections, startPrepMockServer } from "@wdata-prep/mock-server";
import { PrepClientProvider } from "@wdata-prep/react-hooks";
import { createRoot } from "react-dom/client";
import { ConnectionCard } from "./ConnectionCard.js";

/** Resolves once `found` returns true, checking every 20 ms for at most 10 s. */
async function waitFor(what: string, found: () => boolean): Promise<void> {
  for (let waited = 0; !found(); waited += 20) {
    if (waited > 10_000) throw new Error(`gave up waiting for ${what}: ${document.body.innerHTML}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const server = await startPrepMockServer({ token: "consumer-token", runDurationMs: 300 });
const seeded = seedConnections[0];
if (!seeded?.connectionId || !seeded.name) throw new Error("no seeded connection");
const prep = createPrepClient({ baseUrl: server.url, token: "consumer-token" });
const container = document.createElement("div");
document.body.append(container);
// No garbage-collection timers (TanStack's advice for tests), which would keep the process alive
// for minutes after the last query or mutation.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { gcTime: Number.POSITIVE_INFINITY },
    mutations: { gcTime: Number.POSITIVE_INFINITY },
  },
});
const root = createRoot(container);
root.render(
  <QueryClientProvider client={queryClient}>
    <PrepClientProvider client={prep}>
      <ConnectionCard connectionId={seeded.connectionId} />
    </PrepClientProvider>
  </QueryClientProvider>,
);
await waitFor("the name", () => container.querySelector("h1")?.textContent === seeded.name);
container.querySelector("button")?.click();
await waitFor(
  "Complete",
  () => container.querySelector("[data-status]")?.textContent === "Complete",
);
root.unmount();
await server.close();
console.log(
  JSON.stringify([
    "useConnection showed the connection; Refresh (useRefreshConnection) reached Complete (useRefreshStatus)",
  ]),
);
