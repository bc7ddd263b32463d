import { QueryClient } from "@tanstack/react-query";
import { createPrepClient } from "@wdata-prep/fetch";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import "./styles.css";

// One cache for every view: a run that changes a connection's last run is seen by the list
// and the connection view alike.
const queryClient = new QueryClient();
// The app's own server forwards /prep to the Prep API and adds the token there.
const prep = createPrepClient({ baseUrl: "/prep" });

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element.");
createRoot(root).render(
  <StrictMode>
    <App prep={prep} queryClient={queryClient} />
  </StrictMode>,
);
