import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { PrepClient } from "@wdata-prep/fetch";
import { PrepClientProvider } from "@wdata-prep/react-hooks";
import { BatchView } from "./BatchView.tsx";
import { ConnectionForm } from "./ConnectionForm.tsx";
import { ConnectionsView } from "./ConnectionsView.tsx";
import { ConnectionView } from "./ConnectionView.tsx";
import { type Route, RouteLink, routeHref, useRoute } from "./route.tsx";

function View({ route }: { route: Route }) {
  switch (route.view) {
    case "connection":
      return (
        // Another connection starts afresh; a run started here only changes the URL's job.
        <ConnectionView
          key={`${route.connectionId}|${route.workspaceId ?? ""}`}
          connectionId={route.connectionId}
          workspaceId={route.workspaceId}
          jobId={route.jobId}
        />
      );
    case "batch":
      return <BatchView key={route.batchId} batchId={route.batchId} />;
    case "connections":
      // A new list for new filters: its form and its selection start afresh.
      return <ConnectionsView key={routeHref(route)} filters={route.filters} />;
  }
}

/**
 * The app: the list of connections, one connection, or one batch, as the URL says, read with
 * `prep` and cached in `queryClient` (`main.tsx` makes both; a test gives its own).
 */
export function App({ prep, queryClient }: { prep: PrepClient; queryClient: QueryClient }) {
  const route = useRoute();
  const shown = route.view === "connection" ? route : { connectionId: "" };
  return (
    <QueryClientProvider client={queryClient}>
      <PrepClientProvider client={prep}>
        <header>
          <h1>Wdata Prep connections</h1>
          <nav aria-label="Views">
            <RouteLink
              to={{ view: "connections", filters: {} }}
              aria-current={route.view === "connections" ? "page" : undefined}
            >
              Connections
            </RouteLink>
          </nav>
        </header>
        <main>
          <ConnectionForm shown={shown} />
          <View route={route} />
        </main>
      </PrepClientProvider>
    </QueryClientProvider>
  );
}
