// How every command runs, shown with the built command against real servers on 127.0.0.1: each
// error of the API or the network ends in its exit code and its JSON document, Ctrl-C prints
// what was known and exits 130, progress goes to stderr, and --max-rps is the client's budget.
import { type PrepMockServer, seedConnections, startPrepMockServer } from "@wdata-prep/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { answerJson, apiEnv, runCli, startCli, startTestApi, testToken } from "../test/cli.ts";

let server: PrepMockServer;
beforeAll(async () => {
  server = await startPrepMockServer({ token: testToken, runDurationMs: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const [first] = seedConnections;
const firstId = first?.connectionId as string;

/** The JSON document of `--json`, parsed: exactly one, and nothing else on stdout. */
function document(stdout: string): Record<string, unknown> {
  expect(stdout.endsWith("}\n")).toBe(true);
  return JSON.parse(stdout);
}

describe("each failure ends in its exit code, with its error as the JSON document", () => {
  test("401: a token the API refuses exits 3", async () => {
    const { code, stdout, stderr } = await runCli(
      ["connections", "get", firstId, "--json"],
      apiEnv(server.url, "another-token"),
    );
    expect(code).toBe(3);
    const [request] = server.requests;
    expect(document(stdout)).toEqual({
      error: {
        name: "AuthenticationError",
        message: expect.stringMatching(/^401 /),
        status: 401,
        requestId: request?.requestId,
      },
    });
    expect(stderr).toContain("wdata-prep: 401 ");
    expect(stderr).toContain(`Request ID: ${request?.requestId} (quote it to Workiva support)`);
  });

  test("403: a token that may not read the connection exits 3", async () => {
    const api = await startTestApi((_request, response) =>
      answerJson(response, 403, { body: "Forbidden", code: 403 }),
    );
    const { code, stdout } = await runCli(["status", firstId, "--json"], apiEnv(api.url));
    expect(code).toBe(3);
    expect(document(stdout)).toEqual({
      error: {
        name: "PermissionDeniedError",
        message: "403 Forbidden",
        status: 403,
        requestId: "test-request-403",
      },
    });
    expect(api.requests).toHaveLength(1);
  });

  test("404: an unknown connection exits 4", async () => {
    const { code, stdout, stderr } = await runCli(
      ["connections", "get", "missing", "--json"],
      apiEnv(server.url),
    );
    expect(code).toBe(4);
    expect(document(stdout)).toMatchObject({
      error: { name: "NotFoundError", message: "404 Connection missing not found", status: 404 },
    });
    expect(stderr).toContain("wdata-prep: 404 Connection missing not found\n");
  });

  test("500 after the client's retries exits 7, after 3 attempts", async () => {
    const api = await startTestApi((_request, response) =>
      answerJson(response, 500, { body: "Internal error", code: 500 }),
    );
    const { code, stdout } = await runCli(["batch-status", "b1", "--json"], apiEnv(api.url));
    expect(code).toBe(7);
    expect(document(stdout)).toMatchObject({
      error: { name: "InternalServerError", status: 500, requestId: "test-request-500" },
    });
    expect(api.requests).toEqual([
      "GET /api/v1/connections/batch/refresh/b1",
      "GET /api/v1/connections/batch/refresh/b1",
      "GET /api/v1/connections/batch/refresh/b1",
    ]);
  });

  test("503 and 429 after the client's retries exit 7", async () => {
    server.fault({ type: "unavailable", count: 3 });
    const unavailable = await runCli(["connections", "list", "--json"], apiEnv(server.url));
    expect(unavailable.code).toBe(7);
    expect(document(unavailable.stdout)).toMatchObject({ error: { status: 503 } });

    server.fault({ type: "rate-limit", count: 3, retryAfterSeconds: 0 });
    const limited = await runCli(["connections", "list", "--json"], apiEnv(server.url));
    expect(limited.code).toBe(7);
    expect(document(limited.stdout)).toMatchObject({
      error: { name: "RateLimitError", status: 429 },
    });
    expect(server.requests.map((request) => request.status)).toEqual([
      503, 503, 503, 429, 429, 429,
    ]);
  });

  test("a network failure after the client's retries exits 7, with no status", async () => {
    server.fault({ type: "drop", count: 3 });
    const { code, stdout, stderr } = await runCli(
      ["status", firstId, "--json"],
      apiEnv(server.url),
    );
    expect(code).toBe(7);
    expect(document(stdout)).toEqual({
      error: { name: "PrepConnectionError", message: "Could not reach the server" },
    });
    expect(stderr).toContain("wdata-prep: Could not reach the server\n");
    expect(server.requests).toHaveLength(3);
  });

  test("400: an argument the API refuses exits 2", async () => {
    // A source type that is no filter is refused by the client, before any request: the API
    // here refuses a source of its own accord.
    const api = await startTestApi((_request, response) =>
      answerJson(response, 400, {
        body: "sourceId x is not a source of this workspace",
        code: 400,
      }),
    );
    const { code, stdout } = await runCli(
      ["connections", "list", "--source-type", "wdata_query", "--source-id", "x", "--json"],
      apiEnv(api.url),
    );
    expect(code).toBe(2);
    expect(document(stdout)).toMatchObject({ error: { name: "BadRequestError", status: 400 } });
    expect(api.requests).toEqual(["GET /api/v1/connections?sourceType=wdata_query&sourceId=x"]);
  });

  test("input the client refuses before any request exits 2", async () => {
    const { code, stdout } = await runCli(
      ["connections", "get", firstId, "--workspace-id", "w".repeat(41), "--json"],
      apiEnv(server.url),
    );
    expect(code).toBe(2);
    expect(document(stdout)).toEqual({
      error: {
        name: "PrepError",
        message: "workspaceId must be a non-blank, well-formed string of at most 40 characters",
      },
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe("Ctrl-C", () => {
  test("stops waiting for an answer, says nothing was known, and exits 130", async () => {
    const slow = await startPrepMockServer({ token: testToken, latencyMs: 60_000 });
    try {
      const cli = startCli(["status", firstId, "--json"], apiEnv(slow.url));
      await vi.waitFor(() => expect(slow.requests).toHaveLength(1), { timeout: 10_000 });
      cli.child.kill("SIGINT");
      const { code, signal, stdout, stderr } = await cli.ended;
      expect({ code, signal }).toEqual({ code: 130, signal: null });
      const message = "Interrupted: no answer had come yet.";
      expect(document(stdout)).toEqual({ error: { name: "CliInterruptedError", message } });
      expect(stderr).toMatch(
        new RegExp(`Getting the latest run of connection ${firstId}…\\nwdata-prep: ${message}\\n$`),
      );
    } finally {
      await slow.close();
    }
    // The request in flight was aborted, not answered.
    expect(slow.requests.map(({ status, aborted }) => ({ status, aborted }))).toEqual([
      { status: undefined, aborted: true },
    ]);
  });

  test("prints the connections of the pages already read, and exits 130", async () => {
    const page = seedConnections.slice(0, 3);
    const api = await startTestApi((request, response) => {
      // The first page answers at once; the second never does.
      if (!request.url?.includes("cursor="))
        answerJson(response, 200, { body: page, code: 200, cursor: "next" });
    });
    const cli = startCli(["connections", "list"], apiEnv(api.url));
    await vi.waitFor(() => expect(api.requests).toHaveLength(2), { timeout: 10_000 });
    cli.child.kill("SIGINT");
    const { code, stdout, stderr } = await cli.ended;
    expect(code).toBe(130);
    expect(
      stdout
        .split("\n")
        .slice(0, -1)
        .map((line) => line.split("\t")[1]),
    ).toEqual(page.map((connection) => connection.connectionId));
    expect(stderr).toContain("wdata-prep: Interrupted: 3 connections in 1 page read.\n");

    const json = startCli(["connections", "list", "--json"], apiEnv(api.url));
    await vi.waitFor(() => expect(api.requests).toHaveLength(4), { timeout: 10_000 });
    json.child.kill("SIGINT");
    const ended = await json.ended;
    expect(ended.code).toBe(130);
    expect(document(ended.stdout)).toEqual({
      connections: page,
      error: {
        name: "CliInterruptedError",
        message: "Interrupted: 3 connections in 1 page read.",
      },
    });
  });
});

describe("progress", () => {
  const timestamped = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

  test("away from a terminal, each step is one line on stderr that starts with the time", async () => {
    const { code, stderr } = await runCli(["connections", "list"], apiEnv(server.url));
    expect(code).toBe(0);
    const lines = stderr.split("\n").slice(0, -1);
    expect(lines.every((line) => timestamped.test(line))).toBe(true);
    expect(lines.map((line) => line.replace(timestamped, ""))).toEqual([
      "Listing connections…",
      `Listed ${seedConnections.length} connections in 1 page`,
    ]);
  });

  test("a list of several pages says each one", async () => {
    const pages = [seedConnections.slice(0, 2), seedConnections.slice(2, 3)];
    const api = await startTestApi((request, response) => {
      const second = request.url?.includes("cursor=p2");
      answerJson(response, 200, {
        body: pages[second ? 1 : 0],
        code: 200,
        ...(second ? {} : { cursor: "p2" }),
      });
    });
    const { code, stdout, stderr } = await runCli(["connections", "list"], apiEnv(api.url));
    expect(code).toBe(0);
    expect(stdout.split("\n")).toHaveLength(4);
    expect(stderr.split("\n").map((line) => line.replace(timestamped, ""))).toEqual([
      "Listing connections…",
      "Listed 2 connections in 1 page…",
      "Listed 3 connections in 2 pages",
      "",
    ]);
  });
});

describe("--max-rps", () => {
  test("is the client's request budget: a 429 holds every request of it, and its log says so", async () => {
    server.fault({ type: "rate-limit", retryAfterSeconds: 1 });
    const { code, stdout, stderr } = await runCli(
      ["connections", "get", firstId, "--max-rps", "2.5", "--json"],
      { ...apiEnv(server.url), WDATA_PREP_LOG: "info" },
    );
    expect(code).toBe(0);
    expect(document(stdout)).toEqual({ connection: first });
    expect(stderr).toMatch(
      /Z \[wdata-prep\] 429 Too many requests: every request of this client waits 1000 ms\n/,
    );
    expect(stderr).not.toContain("not applied");
    expect(server.requests.map((request) => request.status)).toEqual([429, 200]);
  });

  test("without it, a 429 holds only the request that got it", async () => {
    server.fault({ type: "rate-limit", retryAfterSeconds: 1 });
    const { code, stderr } = await runCli(["connections", "get", firstId], {
      ...apiEnv(server.url),
      WDATA_PREP_LOG: "info",
    });
    expect(code).toBe(0);
    expect(stderr).toContain("429 in");
    expect(stderr).not.toContain("every request of this client waits");
  });
});
