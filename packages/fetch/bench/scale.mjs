// Refreshing many connections under a rate limit, in one run: `prep.refreshMany(ids)` on a client
// with a request budget, against the naive `Promise.all(ids.map((id) => prep.refreshAndWait(id)))`
// on a plain client. Each refreshes 1,000 connections over 40 destinations on its own embedded
// API, which answers each token's requests over 20 per second 429 with Retry-After, and whose
// runs take 5 s. The figures come from the requests the API received. Run with
// `pnpm bench:scale`, which builds the package first.

import { createPrepClient, PrepRunError } from "@wdata-prep/fetch";
import { startPrepMockServer } from "@wdata-prep/mock-server";

const connectionCount = 1000;
const destinationCount = 40;
/** The API's rate limit, and the budget of refreshMany's client. */
const requestsPerSecond = 20;
const runDurationMs = 5000;
/** The targets of refreshMany: its wall time against the lower bound, and its share of 429s. */
const targets = { ofLowerBound: 1.25, share429: 0.01 };

const token = "bench-token";
const hex = (n) => n.toString(16).padStart(32, "0");
const connections = Array.from({ length: connectionCount }, (_, i) => ({
  connectionId: hex(i + 1),
  name: `Connection ${i + 1}`,
  sourceType: "wdata_query",
  sourceId: hex(100_000 + i),
  destinationType: "spreadsheet",
  destinationId: hex(900_000 + (i % destinationCount)),
}));
const ids = connections.map((connection) => connection.connectionId);

/**
 * Runs `refresh` against a fresh API, and measures it: its wall time, what the API received, the
 * runs it started for each connection, and the connections whose outcome the caller never
 * learned (`known` says which results tell one).
 */
async function measure(clientOptions, refresh) {
  const server = await startPrepMockServer({
    token,
    connections,
    runDurationMs,
    rateLimit: { requestsPerSecond },
    maxRecordedRequests: Number.POSITIVE_INFINITY,
  });
  try {
    const prep = createPrepClient({ baseUrl: server.url, token, ...clientOptions });
    const started = performance.now();
    const { known, note } = await refresh(prep, started);
    const seconds = (performance.now() - started) / 1000;
    const { requests } = server;
    const runs = new Map(ids.map((id) => [id, 0]));
    for (const { method, path, status, body } of requests) {
      if (method !== "POST" || status !== 200) continue;
      const started = path.endsWith("/batch/refresh")
        ? body.map((item) => item.connectionId)
        : [path.split("/")[4]];
      for (const id of started) runs.set(id, runs.get(id) + 1);
    }
    return {
      seconds,
      note,
      requests: requests.length,
      rejected: requests.filter((request) => request.status === 429).length,
      runs: [...runs.values()],
      lost: ids.length - known,
      // The batches and lone runs it started, for the lower bound.
      starts: requests.filter((r) => r.method === "POST" && r.status === 200).length,
    };
  } finally {
    await server.close();
  }
}

const many = await measure({ maxRequestsPerSecond: requestsPerSecond }, async (prep) => {
  const results = await prep.refreshMany(ids);
  const ended = ["complete", "error", "cancelled"];
  return { known: results.filter((result) => ended.includes(result.outcome)).length };
});

const naive = await measure({}, async (prep, started) => {
  const calls = ids.map((id) => prep.refreshAndWait(id));
  let note = "Promise.all resolved";
  await Promise.all(calls).catch((error) => {
    const after = ((performance.now() - started) / 1000).toFixed(1);
    note = `Promise.all rejected after ${after} s (${error.name})`;
  });
  // Every call is let run to its end, to count what it sent.
  const settled = await Promise.allSettled(calls);
  const known = settled.filter(
    (s) => s.status === "fulfilled" || s.reason instanceof PrepRunError,
  ).length;
  return { known, note };
});

// What refreshMany strictly needs: a lookup per connection, a start per batch, and one status
// request per batch once it has finished; sent at the budget's rate, then one run's duration.
const needed = connectionCount + 2 * many.starts;
const lowerBound = needed / requestsPerSecond + runDurationMs / 1000;

/** How many runs each connection got, as `count×runs`, the most common first. */
function runsPerConnection(runs) {
  const counts = new Map();
  for (const n of runs) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([n, count]) => `${count}×${n}`)
    .join(", ");
}
const percent = (part, whole) => `${((100 * part) / whole).toFixed(1)} %`;

const rows = [
  ["wall time", (m) => `${m.seconds.toFixed(1)} s`],
  ["requests sent", (m) => String(m.requests)],
  ["429s received", (m) => `${m.rejected} (${percent(m.rejected, m.requests)})`],
  ["runs started per connection", (m) => runsPerConnection(m.runs)],
  ["results lost", (m) => String(m.lost)],
];
const columns = [
  ["refreshMany", many],
  ["Promise.all(refreshAndWait)", naive],
];
console.log(
  `${connectionCount} connections over ${destinationCount} destinations; the API allows ${requestsPerSecond} requests/s per token, runs take ${runDurationMs / 1000} s\n`,
);
console.log(`${"".padEnd(30)}${columns.map(([name]) => name.padEnd(32)).join("")}`);
for (const [label, cell] of rows) {
  console.log(`${label.padEnd(30)}${columns.map(([, m]) => cell(m).padEnd(32)).join("")}`);
}
console.log(`${"".padEnd(30)}${"".padEnd(32)}${naive.note}`);

const ofBound = many.seconds / lowerBound;
const share = many.rejected / many.requests;
const exact = many.runs.every((n) => n === 1);
console.log(
  `\nrefreshMany: ${needed} requests needed at ${requestsPerSecond}/s plus one run: a lower bound of ${lowerBound.toFixed(1)} s`,
);
const checks = [
  [
    `wall time ${ofBound.toFixed(2)}× the lower bound, target ≤ ${targets.ofLowerBound}`,
    ofBound <= targets.ofLowerBound,
  ],
  [`429s ${percent(many.rejected, many.requests)}, target < 1 %`, share < targets.share429],
  [`runs started per connection exactly 1: ${exact ? "yes" : "no"}`, exact],
  [`results lost ${many.lost}, target 0`, many.lost === 0],
];
for (const [text, met] of checks) console.log(`  ${text}: ${met ? "met" : "NOT MET"}`);
process.exitCode = checks.every(([, met]) => met) ? 0 : 1;
