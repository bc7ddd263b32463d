// @vitest-environment jsdom
// The app tested as a team tests its own React components: rendered in jsdom with the real
// client and hooks, and the Prep API answered in this process by the embedded API's Mock
// Service Worker handlers (`@wdata-prep/mock-server/msw`). No server listens, and a request the
// handlers do not answer fails the test. The setup down to `received` is what to copy.
import { QueryClient } from "@tanstack/react-query";
import {
  cleanup,
  configure,
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from "@testing-library/react";
import { createPrepClient } from "@wdata-prep/fetch";
import { createPrepHandlers, seedConnections, seedRunOutcomes } from "@wdata-prep/mock-server/msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { App } from "./App.tsx";

// The embedded API at the app's base URL, a path on jsdom's page. Runs finish on their first
// status read (`runDurationMs: 0`), so no test waits for a clock.
const prep = createPrepHandlers({ baseUrl: "/prep", runDurationMs: 0 });
const server = setupServer(...prep.handlers);

// Testing Library's queries wait 10 s instead of 1 s: a busy machine may be slow to render.
configure({ asyncUtilTimeout: 10_000 });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  cleanup();
  // The next test starts from the seeded connections, with no request, fault, run or batch.
  prep.reset();
});
afterAll(() => server.close());

/** Renders the app at `search` (the view its URL names), with a cache of the test's own. */
function renderApp(search = "") {
  window.history.replaceState(null, "", `/${search}`);
  // The app's client, without retries: a failure the test makes the API answer shows at once.
  const client = createPrepClient({ baseUrl: "/prep", maxRetries: 0 });
  render(<App prep={client} queryClient={new QueryClient()} />);
}

/** What the API received, in order, as "METHOD path status". */
const received = () =>
  prep.requests.map(({ method, path, status }) => `${method} ${path} ${status}`);

/** A seeded connection by name, with the error its runs end with, if they fail. */
function seeded(name: string) {
  const connection = seedConnections.find((c) => c.name === name);
  if (!connection?.connectionId) throw new Error(`No seeded connection is named ${name}`);
  const outcome = seedRunOutcomes[connection.connectionId];
  return {
    id: connection.connectionId,
    name,
    destinationId: connection.destinationId as string,
    error: outcome && "error" in outcome ? outcome.error : undefined,
  };
}

/** The names in the list (or a batch), in order. */
const listed = () => screen.queryAllByRole("rowheader").map((header) => header.textContent);

/** The line saying how the run in the row of `name` (in a batch) is going or ended. */
const runStatusOf = (name: string) =>
  within(screen.getByRole("rowheader", { name }).closest("tr") as HTMLElement).getByTestId(
    "run-status",
  ).textContent;

describe("the app on the embedded API's MSW handlers", () => {
  test("lists the connections 15 at a time, and Load more adds the next 15", async () => {
    renderApp();
    const names = seedConnections.map((c) => c.name);
    await waitFor(() => expect(listed()).toEqual(names.slice(0, 15)));
    expect(screen.getByText("Showing 15 connections; there are more.")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(listed()).toEqual(names.slice(0, 30)));
    expect(received()).toEqual(["GET /api/v1/connections 200", "GET /api/v1/connections 200"]);
    expect(prep.requests.map((request) => request.query)).toEqual([
      { limit: "15" },
      { cursor: expect.any(String) },
    ]);
  });

  test("a refresh shows the run until it is Complete, then the connection's last run is that run", async () => {
    const legacyFx = seeded("Legacy FX import → FX rates sheet");
    renderApp(`?connection=${legacyFx.id}`);
    await screen.findByRole("heading", { level: 2, name: legacyFx.name });
    expect(screen.getByText("This connection has never run.")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Refresh" }));
    // First the run as the refresh's answer has it, then as the status read says.
    const runStatus = () => screen.getByTestId("run-status").textContent;
    await waitFor(() => expect(runStatus()).toBe("Not started"));
    await waitFor(() => expect(runStatus()).toBe("Complete"));

    // The hooks read the connection again once the run finished: its last run is the new one.
    const jobId = new URLSearchParams(window.location.search).get("job") as string;
    const lastRun = screen.getByRole("region", { name: "Last run" });
    await waitFor(() => expect(lastRun.textContent).toContain(jobId));
    expect(within(lastRun).getByTestId("Source-status").textContent).toBe("Source: Complete");
    expect(received().filter((line) => !line.startsWith("GET "))).toEqual([
      `POST /api/v1/connections/${legacyFx.id}/refresh 200`,
    ]);
    expect(received()).toContain(`GET /api/v1/connections/${legacyFx.id}/status 200`);
  });

  test("a batch shows how each connection's run ended", async () => {
    const children = [
      seeded("GL balances by account → Q4 close workbook"),
      seeded("Intercompany eliminations → Q4 close workbook"),
      seeded("FX revaluation → Q4 close workbook"),
      seeded("Prepaid expenses schedule → Q4 close workbook"),
    ];
    const [, sourceError, destinationError] = children;
    // The list of the workbook they write into: a batch runs connections of one destination.
    renderApp(`?view=connections&destinationId=${children[0]?.destinationId}`);
    await screen.findByText("All 7 connections shown.");

    for (const { name } of children) {
      fireEvent.click(screen.getByRole("checkbox", { name: `Select ${name}` }));
    }
    fireEvent.click(screen.getByRole("button", { name: "Refresh selected" }));
    await waitFor(() =>
      expect(screen.getByTestId("batch-status").textContent).toMatch(/^Finished with errors/),
    );
    // Each child's name comes from its connection's details, read once the batch is shown.
    await waitFor(() => expect(listed()).toEqual(children.map((child) => child.name)));
    expect(children.map(({ name }) => runStatusOf(name))).toEqual([
      "Complete",
      `Source failed: ${sourceError?.error}`,
      `Destination failed: ${destinationError?.error}`,
      "Cancelled",
    ]);
    const started = prep.requests.find((request) => request.method === "POST");
    expect(started?.path).toBe("/api/v1/connections/batch/refresh");
    expect(started?.body).toEqual(children.map(({ id }) => ({ connectionId: id })));
  });

  test("a connection the API does not know shows that it was not found", async () => {
    renderApp("?connection=no-such-connection");
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("heading").textContent).toBe("Connection not found");
    expect(received()).toEqual(["GET /api/v1/connections/no-such-connection 404"]);
  });

  test("a refresh the API refuses shows its reason", async () => {
    const locked = seeded("Fixed asset rollforward → Q4 close workbook");
    renderApp(`?connection=${locked.id}`);
    fireEvent.click(await screen.findByRole("button", { name: "Refresh" }));
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("heading").textContent).toBe("The API refused the run");
    expect(alert.textContent).toContain(locked.error);
    expect(received()).toContain(`POST /api/v1/connections/${locked.id}/refresh 423`);
  });

  test("a rate-limited list says when to try again, and Try again reads it", async () => {
    prep.fault({ type: "rate-limit", retryAfterSeconds: 30 });
    renderApp();
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("heading").textContent).toBe("Rate limited");
    expect(alert.textContent).toContain("Try again in 30 s.");

    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(listed()).toHaveLength(15));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(received()).toEqual(["GET /api/v1/connections 429", "GET /api/v1/connections 200"]);
  });
});
