import { QueryClient } from "@tanstack/react-query";
import { createPrepClient } from "@wdata-prep/fetch";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import "./styles.css";

// The browser calls the Prep API on the app's own origin, with no token: the app's server
// forwards this path to the API and adds the token there. In the demo build, the embedded API
// answers it in the browser instead (demo.ts), before the app sends its first request.
const baseUrl = "/prep";
if (import.meta.env.MODE === "demo") {
  const { startDemoApi } = await import("./demo.ts");
  await startDemoApi(baseUrl);
}

// One cache for every view: a run that changes a connection's last run is seen by the list
// and the connection view alike.
const queryClient = new QueryClient();
const prep = createPrepClient({ baseUrl });

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element.");
createRoot(root).render(
  <StrictMode>
    <App prep={prep} queryClient={queryClient} />
  </StrictMode>,
);
