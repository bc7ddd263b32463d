// What a Node program does with the packages, whichever way it loaded them (esm.mjs imports
// them, cjs.cjs requires them): the embedded API started from @wdata-prep/mock-server, and a
// client that gets a connection, refreshes it to the end, fails typed, and feeds the hooks'
// query options to TanStack Query. Resolves to the list of what it checked.
const assert = require("node:assert/strict");

const token = "consumer-token";

module.exports = async function uses({ core, fetch, hooks, mock, query }) {
  assert.equal(core.PREP_SERVERS.eu, "https://h.eu.wdesk.com/s/wdata/prep");
  for (const name of ["createPrepClient", "isPrepError", "PrepError", "NotFoundError"]) {
    assert.ok(name in fetch, `@wdata-prep/fetch exports ${name}`);
  }
  for (const name of ["PrepClientProvider", "useConnection", "connectionQueryOptions"]) {
    assert.ok(name in hooks, `@wdata-prep/react-hooks exports ${name}`);
  }
  const server = await mock.startPrepMockServer({ token, runDurationMs: 50 });
  try {
    const [seeded] = mock.seedConnections;
    const prep = fetch.createPrepClient({ baseUrl: server.url, token });
    const connection = await prep.getConnection(seeded.connectionId);
    assert.equal(connection.name, seeded.name);
    const run = await prep.refreshAndWait(seeded.connectionId, { pollIntervalMs: 20 });
    assert.deepEqual([run.sourceStatus, run.destinationStatus], ["complete", "complete"]);
    const missing = await prep.getConnection("0".repeat(32)).catch((error) => error);
    assert.ok(fetch.isPrepError(missing) && missing instanceof fetch.NotFoundError);
    const queryClient = new query.QueryClient();
    const cached = await queryClient.fetchQuery(
      hooks.connectionQueryOptions(prep, seeded.connectionId),
    );
    assert.equal(cached.name, seeded.name);
    return [
      "createPrepClient, getConnection, refreshAndWait (to complete) and a typed 404 against startPrepMockServer",
      "connectionQueryOptions fetched through TanStack Query's QueryClient",
    ];
  } finally {
    await server.close();
  }
};
