import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createPrepClient } from "@wdata-prep/fetch";
import { PrepClientProvider } from "@wdata-prep/react-hooks";
import { ConnectionDetails } from "./ConnectionDetails.tsx";
import { ConnectionForm } from "./ConnectionForm.tsx";
import { useShownConnection } from "./useShownConnection.ts";

const queryClient = new QueryClient();
// The app's own server forwards /prep to the Prep API and adds the token there.
const prep = createPrepClient({ baseUrl: "/prep" });

/** The connection details app. */
export function App() {
  const [shown, show] = useShownConnection();
  return (
    <QueryClientProvider client={queryClient}>
      <PrepClientProvider client={prep}>
        <header>
          <h1>Wdata Prep connections</h1>
        </header>
        <main>
          <ConnectionForm shown={shown} onShow={show} />
          {shown.connectionId ? (
            <ConnectionDetails connectionId={shown.connectionId} workspaceId={shown.workspaceId} />
          ) : (
            <p className="hint">Enter a connection ID to see its details.</p>
          )}
        </main>
      </PrepClientProvider>
    </QueryClientProvider>
  );
}
