// @vitest-environment jsdom
// In a page, a base URL may be a path on the page's origin, as a browser client's `baseUrl` may
// be: jsdom gives the test a page (its `location`).
import { setupServer } from "msw/node";
import { expect, onTestFinished, test } from "vitest";
import { createPrepHandlers } from "./msw.ts";
import { seedConnections } from "./seed.ts";

const connectionId = seedConnections[0]?.connectionId as string;

test("answers under a base path on the page's origin", async () => {
  const prep = createPrepHandlers({ baseUrl: "/prep/", runDurationMs: 0 });
  const server = setupServer(...prep.handlers);
  server.listen({ onUnhandledRequest: "error" });
  onTestFinished(() => server.close());
  const path = `/api/v1/connections/${connectionId}`;
  const response = await fetch(new URL(`/prep${path}`, window.location.href));
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ body: { connectionId } });
  expect(prep.requests.map((request) => request.path)).toEqual([path]);
});
