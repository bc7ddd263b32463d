// The request path of @wdata-prep/fetch against openapi-fetch (which every call goes through),
// bare fetch, ky and axios, in one process: over loopback to a node:http server answering a
// connection envelope (sequential, and 50 concurrent), and in-process with a stub fetch that
// answers at once. In each round the tools take turns request by request (see `round`); each
// figure is the median of 5 rounds. Run with `pnpm bench`, which builds the package first.

import { createServer } from "node:http";
import { arch, cpus } from "node:os";
import { createPrepClient } from "@wdata-prep/fetch";
import axios from "axios";
import ky from "ky";
import createClient from "openapi-fetch";

const rounds = 5;
const concurrency = 50;

/** The targets, as ratios of getConnection's time per request to openapi-fetch's. */
const targets = {
  "loopback, sequential": 1.1,
  "loopback, 50 concurrent": 1.1,
  // At least 0.6× openapi-fetch's calls per second.
  "in-process, stub fetch": 1 / 0.6,
};

const token = "tok_live_4f9c2e7a1b3d5f6e8a0c";
const connectionId = "0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e";
const path = `/api/v1/connections/${connectionId}`;
/** A connection envelope of the shape the API answers (as in the package's test fixtures). */
const json = JSON.stringify({
  body: {
    connectionId,
    created: "2026-03-02T14:21:07Z",
    createdBy: "V0ZVc2VyHzU2NDYyODk1NDQ3MjE5MjA",
    description: "Monthly revenue by region",
    destinationId: "9b2e7d4a1c3f4e5a8b6c0d2e4f6a8b1c",
    destinationType: "spreadsheet_section",
    destinationWorkspaceId: "7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b",
    lastRun: {
      connectionId,
      jobId: "4e8c2a6f0b1d4c3e9a7f5b2d8c6e0a14",
      sourceStatus: "complete",
      destinationStatus: "complete",
      updated: "2026-11-20T09:00:41Z",
    },
    name: "Revenue by region",
    sourceId: "5c3a1e7f9b2d4e6a8c0f2b4d6e8a1c3f",
    sourceType: "wdata_query",
    workspaceId: "7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b",
  },
  code: 200,
});
const headers = { accept: "application/json", authorization: `Bearer ${token}` };

/**
 * One way of getting the connection per tool, each resolving to the connection. Over loopback
 * (`stub` undefined) each tool sends as it does by default, axios with Node's http module; in
 * process every tool sends with `stub`, which bare fetch is.
 */
function tools(baseUrl, stub) {
  const fetch = stub ?? globalThis.fetch;
  const openapi = createClient({ baseUrl, headers, fetch: stub });
  const kyClient = ky.create({ prefixUrl: baseUrl, headers, fetch: stub });
  const axiosClient = axios.create({
    baseURL: baseUrl,
    headers,
    ...(stub ? { adapter: "fetch", env: { fetch: stub } } : {}),
  });
  const prep = createPrepClient({ baseUrl, token, fetch: stub });
  return {
    "bare fetch": async () => {
      const response = await fetch(`${baseUrl}${path}`, { headers });
      if (!response.ok) throw new Error(`${response.status}`);
      return (await response.json()).body;
    },
    "openapi-fetch": async () => {
      const { data, error } = await openapi.GET("/api/v1/connections/{connectionId}", {
        params: { path: { connectionId } },
      });
      if (error) throw new Error("error response");
      return data.body;
    },
    ky: async () => (await kyClient.get(path.slice(1)).json()).body,
    axios: async () => (await axiosClient.get(path)).data.body,
    "prep.getConnection": () => prep.getConnection(connectionId),
  };
}

/**
 * The requests per second of each tool in one round. The tools take turns, one request (or one
 * batch of `parallel` concurrent requests) at a time, so that load from elsewhere on the
 * machine falls on any of them alike; the slowest 2% of each tool's turns, where such a burst
 * of load (or a garbage collection) stalled it, are left out.
 */
async function round(calls, parallel, requests) {
  const names = Object.keys(calls);
  const turns = Object.fromEntries(names.map((name) => [name, []]));
  for (let turn = 0; turn < requests / parallel; turn++) {
    // Each turn in another order, so that no tool always follows the same one: a tool's
    // garbage is collected during whichever comes next.
    for (const name of shuffled(names)) {
      const start = performance.now();
      const connections = await Promise.all(Array.from({ length: parallel }, calls[name]));
      turns[name].push(performance.now() - start);
      if (connections.some((c) => c?.connectionId !== connectionId)) throw new Error(name);
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const sorted = [...turns[name]].sort((a, b) => a - b);
      const kept = sorted.slice(0, Math.floor(sorted.length * 0.98));
      const mean = kept.reduce((sum, ms) => sum + ms, 0) / kept.length;
      return [name, (parallel * 1000) / mean];
    }),
  );
}

/** `values` in a random order (Fisher–Yates). */
function shuffled(values) {
  const result = [...values];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const server = createServer((_, response) => {
  response.writeHead(200, { "content-type": "application/json" });
  response.end(json);
});
// Idle connections stay open for the whole run: a client that reuses one the server has just
// closed would fail.
server.keepAliveTimeout = 120_000;
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const loopback = tools(`http://127.0.0.1:${server.address().port}`);
const stub = async () => new Response(json, { headers: { "content-type": "application/json" } });
const inProcess = tools("http://127.0.0.1:9", stub);

/** Each scenario: its tools, how many requests are under way at once, and how many a round has. */
const scenarios = [
  ["loopback, sequential", loopback, 1, 800],
  ["loopback, 50 concurrent", loopback, concurrency, 1200],
  ["in-process, stub fetch", inProcess, 1, 1000],
];
const names = Object.keys(loopback);
/** rates[scenario][tool]: the requests per second of each round. */
const rates = Object.fromEntries(
  scenarios.map(([scenario]) => [scenario, Object.fromEntries(names.map((n) => [n, []]))]),
);

const cpu = cpus();
console.log(`${cpu[0]?.model.trim()}, ${cpu.length} cores, ${arch()}, Node ${process.version}`);
const started = performance.now();
// A first round warms the code up, and is not counted.
for (let i = -1; i < rounds; i++) {
  for (const [scenario, calls, parallel, requests] of scenarios) {
    // The warm-up round is shorter.
    const perSecond = await round(calls, parallel, i < 0 ? requests / 5 : requests);
    if (i >= 0) for (const name of names) rates[scenario][name].push(perSecond[name]);
  }
}
server.close();

for (const [scenario] of scenarios) {
  const ofRound = (name, round) => rates[scenario][name][round];
  /** The median over the rounds of a tool's time per request, relative to `base`'s. */
  const ratio = (name, base) =>
    median(rates[scenario][name].map((r, round) => ofRound(base, round) / r));
  console.log(`\n${scenario}`);
  console.log(
    `  ${"".padEnd(20)}${"req/s".padStart(8)}${"× openapi-fetch".padStart(17)}${"× bare fetch".padStart(14)}`,
  );
  for (const name of names) {
    const perSecond = median(rates[scenario][name]).toFixed(0);
    const toOpenapi = ratio(name, "openapi-fetch").toFixed(2);
    const toBare = ratio(name, "bare fetch").toFixed(2);
    console.log(
      `  ${name.padEnd(20)}${perSecond.padStart(8)}${toOpenapi.padStart(17)}${toBare.padStart(14)}`,
    );
  }
  const measured = ratio("prep.getConnection", "openapi-fetch");
  const met = measured <= targets[scenario];
  const target =
    scenario === "in-process, stub fetch"
      ? `${(1 / measured).toFixed(2)}× openapi-fetch's calls/s, target ≥ 0.60`
      : `${measured.toFixed(2)}× openapi-fetch's time per request, target ≤ 1.10`;
  console.log(`  target: getConnection ${target}: ${met ? "met" : "NOT MET"}`);
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(`\n× columns: time per request against that tool's, in the same round (${seconds} s)`);
