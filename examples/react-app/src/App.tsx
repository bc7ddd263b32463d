import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createPrepClient } from "@wdata-prep/fetch";
import { PrepClientProvider } from "@wdata-prep/react-hooks";
import { BatchView } from "./BatchView.tsx";
import { ConnectionForm } from "./ConnectionForm.tsx";
import { ConnectionsView } from "./ConnectionsView.tsx";
import { ConnectionView } from "./ConnectionView.tsx";
import { type Route, RouteLink, routeHref, useRoute } from "./route.tsx";

// One cache for every view: a run that changes a connection's last run is seen by the list
// and the connection view alike.
const queryClient = new QueryClient();
// The app's own server forwards /prep to the Prep API and adds the token there.
const prep = createPrepClient({ baseUrl: "/prep" });

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

/** The app: the list of connections, one connection, or one batch, as the URL says. */
export function App() {
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
