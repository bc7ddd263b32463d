// What the README's examples take as given, each declared once for all of them: a client, a
// QueryClient, the IDs they ask for, and the app the set-up renders.
import type { QueryClient } from "@tanstack/react-query";
import type { PrepClient } from "@wdata-prep/fetch";
import type { JSX } from "react";

declare global {
  const prep: PrepClient;
  const queryClient: QueryClient;
  const connectionId: string;
  const destinationId: string;
  function App(): JSX.Element;
}
