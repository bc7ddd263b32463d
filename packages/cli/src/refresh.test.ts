// `wdata-prep refresh`, run as the built command against the embedded API (and a node:http API
// of the test's own for a failure it does not answer): each exit code, the JSON document, the
// progress lines, the request budget and Ctrl-C.
import type { Connection } from "@wdata-prep/core";
import {
  type PrepMockServer,
  seedConnections,
  seedRunOutcomes,
  startPrepMockServer,
} from "@wdata-prep/mock-server";
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  onTestFinished,
  test,
  vi,
} from "vitest";
import { answerJson, apiEnv, runCli, startCli, startTestApi, testToken } from "../test/cli.ts";

let server: PrepMockServer;
beforeAll(async () => {
  server = await startPrepMockServer({ token: testToken, runDurationMs: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const env = () => apiEnv(server.url);

/** A seeded connection whose runs end as `type`, into a destination of its own, or not. */
function endingIn(type: string, alone = true): string {
  const found = seedConnections.find(
    ({ connectionId, destinationId }) =>
      seedRunOutcomes[connectionId as string]?.type === type &&
      (!alone || seedConnections.filter((c) => c.destinationId === destinationId).length === 1),
  );
  if (!found) throw new Error(`The seed has no connection whose runs end ${type}`);
  return found.connectionId as string;
}

/** The seeded workbook that several connections write into, and those connections. */
const workbook = (() => {
  const counts = new Map<string, Connection[]>();
  for (const c of seedConnections) {
    counts.set(c.destinationId as string, [...(counts.get(c.destinationId as string) ?? []), c]);
  }
  const [destinationId, connections] = [...counts].sort((a, b) => b[1].length - a[1].length)[0] as [
    string,
    Connection[],
  ];
  const complete = connections
    .map((c) => c.connectionId as string)
    .filter((id) => (seedRunOutcomes[id]?.type ?? "complete") === "complete");
  return { destinationId, connections, complete };
})();

/** A run of the embedded API of this test's own, its runs taking `runDurationMs`. */
async function startApi(options: Parameters<typeof startPrepMockServer>[0]) {
  const api = await startPrepMockServer({ token: testToken, ...options });
  onTestFinished(() => api.close());
  return api;
}

/** The JSON document of `--json`, parsed: exactly one, and nothing else on stdout. */
function document(stdout: string): { results: Record<string, unknown>[]; error?: unknown } {
  expect(stdout.endsWith("}\n")).toBe(true);
  return JSON.parse(stdout);
}

/** How many runs the API started for each connection. */
function runsStarted(api: PrepMockServer): Record<string, number> {
  const runs: Record<string, number> = {};
  for (const { method, path, status, body } of api.requests) {
    if (method !== "POST" || status !== 200) continue;
    const ids = path.endsWith("/batch/refresh")
      ? (body as { connectionId: string }[]).map((item) => item.connectionId)
      : [path.split("/")[4] as string];
    for (const id of ids) runs[id] = (runs[id] ?? 0) + 1;
  }
  return runs;
}

const timestamped = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

describe("refresh <connectionId…>", () => {
  test("--wait: every run complete exits 0, with one result per connection, in order", async () => {
    const ids = [endingIn("complete"), ...workbook.complete.slice(0, 2)];
    const { code, stdout } = await runCli(["refresh", ...ids, "--wait", "--json"], env());
    expect(code).toBe(0);
    const { results } = document(stdout);
    expect(results.map((r) => [r.connectionId, r.outcome])).toEqual(
      ids.map((id) => [id, "complete"]),
    );
    expect(results[0]?.batchId).toBeUndefined();
    expect(results[1]?.batchId).toEqual(results[2]?.batchId);
    expect(results[1]?.run).toMatchObject({
      sourceStatus: "complete",
      destinationStatus: "complete",
    });
    expect(runsStarted(server)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
  });

  test("without --wait, exits 0 once every run has started, and follows none", async () => {
    const id = endingIn("source-error");
    const { code, stdout } = await runCli(["refresh", id], env());
    expect(code).toBe(0);
    const [line] = stdout.split("\n");
    const [connectionId, outcome, jobId] = line?.split("\t") ?? [];
    expect([connectionId, outcome]).toEqual([id, "started"]);
    expect(jobId).toMatch(/^[0-9a-f]{32}$/);
    expect(server.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      `GET /api/v1/connections/${id}`,
      `POST /api/v1/connections/${id}/refresh`,
    ]);
  });

  test.each([
    ["a run ended in error", 1, "source-error", "error"],
    ["a run was cancelled, and none failed", 6, "cancelled", "cancelled"],
  ])("--wait: %s exits %i", async (_, exitCode, type, outcome) => {
    const ids = [endingIn("complete"), endingIn(type)];
    const { code, stdout } = await runCli(["refresh", ...ids, "--wait", "--json"], env());
    expect(code).toBe(exitCode);
    expect(document(stdout).results.map((r) => r.outcome)).toEqual(["complete", outcome]);
  });

  test("a batch the API refuses exits 1, each of its connections not started with the error", async () => {
    const { code, stdout } = await runCli(
      ["refresh", "--destination-id", workbook.destinationId, "--wait", "--json"],
      env(),
    );
    expect(code).toBe(1);
    const { results } = document(stdout);
    expect(results).toHaveLength(workbook.connections.length);
    for (const result of results) {
      expect(result).toMatchObject({
        outcome: "not_started",
        error: { name: "LockedError", status: 423, requestId: expect.any(String) },
      });
    }
    expect(Object.keys(runsStarted(server))).toHaveLength(0);
  });

  test("--cancel-unwritables: the batch runs, a connection that cannot be written is cancelled, and the exit code says how the others ended", async () => {
    const { code, stdout } = await runCli(
      [
        "refresh",
        "--destination-id",
        workbook.destinationId,
        "--cancel-unwritables",
        "--wait",
        "--json",
      ],
      env(),
    );
    const ended: Record<string, string> = {
      unwritable: "cancelled",
      cancelled: "cancelled",
      "source-error": "error",
      "destination-error": "error",
    };
    expect(document(stdout).results.map((r) => [r.connectionId, r.outcome])).toEqual(
      workbook.connections.map(({ connectionId }) => {
        const type = seedRunOutcomes[connectionId as string]?.type ?? "complete";
        return [connectionId, ended[type] ?? type];
      }),
    );
    expect(code).toBe(1);
    expect(
      server.requests
        .filter(({ method }) => method === "POST")
        .map(({ path, query, status }) => [path, query, status]),
    ).toEqual([["/api/v1/connections/batch/refresh", { cancelUnwritables: "true" }, 200]]);
  });

  test("--deadline passed while runs were going exits 5, each timed_out", async () => {
    const slow = await startApi({ runDurationMs: 60_000 });
    const id = endingIn("complete");
    const { code, stdout, stderr } = await runCli(
      ["refresh", id, "--wait", "--deadline", "3s", "--json"],
      apiEnv(slow.url),
    );
    expect(code).toBe(5);
    const [result] = document(stdout).results;
    expect(result).toMatchObject({
      connectionId: id,
      outcome: "timed_out",
      error: {
        name: "PrepWaitTimeoutError",
        message: expect.stringMatching(/timed out after 3000 ms/),
      },
    });
    expect(stderr).toMatch(new RegExp(`${id}: timed out, job [0-9a-f]{32}: Waiting for the run`));
  });

  test("an unknown connection exits 4; the others are refreshed", async () => {
    const id = endingIn("complete");
    const { code, stdout } = await runCli(["refresh", "missing", id, "--wait", "--json"], env());
    expect(code).toBe(4);
    expect(document(stdout).results).toEqual([
      {
        connectionId: "missing",
        outcome: "not_started",
        error: {
          name: "NotFoundError",
          message: "404 Connection missing not found",
          status: 404,
          requestId: expect.any(String),
        },
      },
      expect.objectContaining({ connectionId: id, outcome: "complete" }),
    ]);
  });

  test("a token the API refuses exits 3, and nothing more is sent", async () => {
    const ids = seedConnections.slice(0, 15).map((c) => `${c.connectionId}`);
    const { code, stdout } = await runCli(
      ["refresh", ...ids, "--json"],
      apiEnv(server.url, "another-token"),
    );
    expect(code).toBe(3);
    const { results } = document(stdout);
    expect(new Set(results.map((r) => (r.error as { name: string }).name))).toEqual(
      new Set(["AuthenticationError"]),
    );
    // At most the lookups under way at once when the first 401 came.
    expect(server.requests.length).toBeLessThanOrEqual(10);
  });

  test("without credentials, it names the variables and exits 3 before any request", async () => {
    const { code, stderr } = await runCli(["refresh", "c1"], { WDATA_PREP_BASE_URL: server.url });
    expect(code).toBe(3);
    expect(stderr).toContain("No credentials in the environment. Set WDATA_PREP_TOKEN");
    expect(server.requests).toHaveLength(0);
  });

  test("an API failure after the client's retries exits 7", async () => {
    const api = await startTestApi((_request, response) =>
      answerJson(response, 500, { body: "Internal error", code: 500 }),
    );
    const { code, stdout } = await runCli(["refresh", "c1", "--json"], apiEnv(api.url));
    expect(code).toBe(7);
    expect(document(stdout).results).toEqual([
      {
        connectionId: "c1",
        outcome: "not_started",
        error: {
          name: "InternalServerError",
          message: "500 Internal error",
          status: 500,
          requestId: "test-request-500",
        },
      },
    ]);
    expect(api.requests).toHaveLength(3);
  });

  test.each([
    [["refresh"], "Give the IDs of the connections to refresh, or --destination-id"],
    [
      ["refresh", "c1", "--destination-id", "d1"],
      "Give connection IDs or --destination-id, not both.",
    ],
    [["refresh", "--destination-type", "spreadsheet"], "--destination-type needs --destination-id"],
    [["refresh", "c1", "--deadline", "10"], "Give a duration with a unit"],
    [["refresh", "c1", "--bogus"], "error: unknown option '--bogus'"],
  ])("usage: wdata-prep %j exits 2 before any request", async (args, message) => {
    const { code, stdout, stderr } = await runCli(args, env());
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(server.requests).toHaveLength(0);
  });
});

describe("refresh --destination-id", () => {
  test("refreshes every connection writing into it, found with listConnections, as a batch", async () => {
    const api = await startApi({
      runDurationMs: 0,
      connections: [
        ...["a", "b", "c"].map((id) => ({
          connectionId: id,
          destinationType: "spreadsheet" as const,
          destinationId: "wb",
        })),
        { connectionId: "elsewhere", destinationType: "spreadsheet", destinationId: "other" },
      ],
    });
    const { code, stdout, stderr } = await runCli(
      [
        "refresh",
        "--destination-id",
        "wb",
        "--destination-type",
        "spreadsheet",
        "--wait",
        "--json",
      ],
      apiEnv(api.url),
    );
    expect(code).toBe(0);
    expect(document(stdout).results.map((r) => [r.connectionId, r.outcome])).toEqual([
      ["a", "complete"],
      ["b", "complete"],
      ["c", "complete"],
    ]);
    expect(api.requests.map(({ method, path, query }) => [method, path, query])).toEqual([
      ["GET", "/api/v1/connections", { destinationType: "spreadsheet", destinationId: "wb" }],
      ["POST", "/api/v1/connections/batch/refresh", {}],
      ["GET", expect.stringMatching(/^\/api\/v1\/connections\/batch\/refresh\/[0-9a-f]{32}$/), {}],
    ]);
    expect(stderr).toContain("Found 3 connections writing into spreadsheet wb\n");
  });

  test("a destination nothing writes into exits 4", async () => {
    const { code, stderr } = await runCli(["refresh", "--destination-id", "nothing-here"], env());
    expect(code).toBe(4);
    expect(stderr).toContain("wdata-prep: No connection writes into destination nothing-here.\n");
  });
});

describe("refresh output", () => {
  test("away from a terminal, progress is a timestamped line per connection each time it changes", async () => {
    const api = await startApi({ runDurationMs: 300 });
    const ids = [endingIn("complete"), endingIn("source-error")];
    const { code, stdout, stderr } = await runCli(["refresh", ...ids, "--wait"], apiEnv(api.url));
    expect(code).toBe(1);
    const lines = stderr.split("\n").slice(0, -1);
    expect(lines.every((line) => timestamped.test(line))).toBe(true);
    const text = lines.map((line) => line.replace(timestamped, ""));
    expect(text[0]).toBe("Refreshing 2 connections…");
    for (const id of ids) {
      const own = text.filter((line) => line.startsWith(`${id}: `));
      expect(own[0]).toMatch(
        new RegExp(
          `^${id}: in progress \\(source not_started, destination not_started\\), job [0-9a-f]{32}$`,
        ),
      );
      expect(own.at(-1)).toMatch(new RegExp(`^${id}: (complete|error), job [0-9a-f]{32}`));
      expect(new Set(own).size).toBe(own.length);
    }
    // The results for a person: a line of tab-separated values per connection.
    expect(stdout.split("\n").map((line) => line.split("\t").slice(0, 2))).toEqual([
      [ids[0], "complete"],
      [ids[1], "error"],
      [""],
    ]);
  });

  test("WDATA_PREP_LOG goes to stderr, never into the JSON document on stdout", async () => {
    const id = endingIn("complete");
    const { code, stdout, stderr } = await runCli(["refresh", id, "--wait", "--json"], {
      ...env(),
      WDATA_PREP_LOG: "debug",
    });
    expect(code).toBe(0);
    expect(document(stdout).results).toHaveLength(1);
    expect(stdout).not.toContain("[wdata-prep]");
    expect(stderr).toMatch(
      new RegExp(`Z \\[wdata-prep\\] POST /api/v1/connections/${id}/refresh: 200 in \\d+ ms`),
    );
  });

  test("--max-rps keeps the command within the API's rate limit", async () => {
    const ids = ["a", "b", "c", "d", "lone-1", "lone-2"];
    const api = await startApi({
      runDurationMs: 0,
      rateLimit: { requestsPerSecond: 20, burst: 4 },
      connections: ids.map((id) => ({
        connectionId: id,
        destinationType: "spreadsheet",
        destinationId: id.startsWith("lone") ? id : "wb",
      })),
    });
    const { code, stdout } = await runCli(
      ["refresh", ...ids, "--wait", "--max-rps", "5", "--json"],
      apiEnv(api.url),
    );
    expect(code).toBe(0);
    expect(document(stdout).results.map((r) => r.outcome)).toEqual(Array(6).fill("complete"));
    expect(api.requests.filter((request) => request.status === 429)).toHaveLength(0);
    expect(Object.values(runsStarted(api)).every((runs) => runs === 1)).toBe(true);
  });
});

describe("refresh and Ctrl-C", () => {
  test("prints what is known, says the runs keep going on the server, and exits 130", async () => {
    const slow = await startApi({ runDurationMs: 60_000 });
    const ids = [...workbook.complete.slice(0, 2), endingIn("complete")];
    const cli = startCli(["refresh", ...ids, "--wait", "--json"], apiEnv(slow.url));
    // Once each run has started (its first status is on stderr), Ctrl-C.
    await vi.waitFor(
      () => expect(cli.output().stderr.match(/: in progress/g)).toHaveLength(ids.length),
      { timeout: 10_000 },
    );
    cli.child.kill("SIGINT");
    const { code, stdout, stderr } = await cli.ended;
    expect(code).toBe(130);
    const { results, error } = document(stdout);
    expect(
      results.map((r) => [r.connectionId, r.outcome, (r.run as { jobId?: string })?.jobId]),
    ).toEqual(ids.map((id) => [id, null, expect.stringMatching(/^[0-9a-f]{32}$/)]));
    const message = "Interrupted: 0 runs ended, 3 runs still going; runs keep going on the server.";
    expect(error).toEqual({ name: "CliInterruptedError", message });
    expect(stderr).toMatch(new RegExp(`wdata-prep: ${message}\\n$`));
    expect(runsStarted(slow)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
  });
});
