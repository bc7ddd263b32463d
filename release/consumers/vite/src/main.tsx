import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createPrepClient } from "@wdata-prep/fetch";
import { PrepClientProvider } from "@wdata-prep/react-hooks";
import { createRoot } from "react-dom/client";
import { ConnectionCard } from "./ConnectionCard.tsx";

// The browser calls the app's own server, which adds the token.
const prep = createPrepClient({ baseUrl: "/prep" });
const connectionId = new URLSearchParams(location.search).get("connection") ?? "";

createRoot(document.getElementById("root") as HTMLElement).render(
  <QueryClientProvider client={new QueryClient()}>
    <PrepClientProvider client={prep}>
      <ConnectionCard connectionId={connectionId} />
    </PrepClientProvider>
  </QueryClientProvider>,
);
