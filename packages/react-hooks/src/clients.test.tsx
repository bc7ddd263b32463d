// Two PrepClientProviders under one QueryClient, each for its own API (say "us" and "eu"): the
// same connection ID must show each API's own data, and prepKeys still reach both.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { seedConnections, startPrepMockServer } from "@wdata-prep/mock-server";
import { expect, onTestFinished, test } from "vitest";
import { clientFor, TOKEN } from "../test/harness.tsx";
import { useConnection } from "./connection.hooks.ts";
import { PrepClientProvider } from "./context.tsx";
import { prepKeys } from "./keys.ts";

const seeded = seedConnections[0];
const id = seeded?.connectionId as string;

/** A mock API serving the first seeded connection under another name. */
async function apiNaming(name: string) {
  const server = await startPrepMockServer({ token: TOKEN, connections: [{ ...seeded, name }] });
  onTestFinished(() => server.close());
  return server;
}

function Name({ label }: { label: string }) {
  const { data } = useConnection(id);
  return <p>{`${label}: ${data?.name ?? "loading"}`}</p>;
}

test("two clients of different APIs under one QueryClient each show their own data", async () => {
  const [us, eu] = [await apiNaming("Revenue (US)"), await apiNaming("Revenue (EU)")];
  const queryClient = new QueryClient();
  render(
    <QueryClientProvider client={queryClient}>
      <PrepClientProvider client={clientFor(us.url)}>
        <Name label="us" />
      </PrepClientProvider>
      <PrepClientProvider client={clientFor(eu.url)}>
        <Name label="eu" />
      </PrepClientProvider>
    </QueryClientProvider>,
  );

  expect(await screen.findByText("us: Revenue (US)")).toBeTruthy();
  expect(await screen.findByText("eu: Revenue (EU)")).toBeTruthy();
  expect([us.requests.length, eu.requests.length]).toEqual([1, 1]);

  // A prepKeys key names no client, so it reaches the queries of both.
  await queryClient.invalidateQueries({ queryKey: prepKeys.connection(id) });
  expect([us.requests.length, eu.requests.length]).toEqual([2, 2]);
});
