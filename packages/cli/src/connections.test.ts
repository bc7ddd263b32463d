// `wdata-prep connections list` and `connections get`, run as the built command against the
// embedded API: what a pipe, a terminal and --json each get.
import type { Connection } from "@wdata-prep/core";
import { runOutcome } from "@wdata-prep/fetch";
import { type PrepMockServer, seedConnections, startPrepMockServer } from "@wdata-prep/mock-server";
import stringWidth from "string-width";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { apiEnv, runCli, runInTerminal, testToken } from "../test/cli.ts";

let server: PrepMockServer;
beforeAll(async () => {
  server = await startPrepMockServer({ token: testToken, runDurationMs: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const env = () => apiEnv(server.url);

/** The four values of a connection in the list, as the command shows them. */
function listed(connection: Connection): string[] {
  const { lastRun } = connection;
  return [
    connection.name ?? "",
    connection.connectionId ?? "",
    `${connection.sourceType} → ${connection.destinationType}`,
    lastRun ? (runOutcome(lastRun) ?? "in progress") : "never run",
  ];
}

describe("connections list", () => {
  test("in a pipe, writes one line of tab-separated values per connection, uncut", async () => {
    const { code, stdout } = await runCli(["connections", "list"], env());
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => line.split("\t"))).toEqual(seedConnections.map(listed));
    // Every outcome of a last run shows, and so do connections that never ran.
    expect(new Set(lines.map((line) => line.split("\t")[3]))).toEqual(
      new Set(["complete", "error", "cancelled", "in progress", "never run"]),
    );
  });

  test("with --json, writes { connections } and nothing else on stdout", async () => {
    const { code, stdout } = await runCli(["connections", "list", "--json"], env());
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ connections: seedConnections });
  });

  test("passes the filters to the API, and lists what it answers", async () => {
    const into = seedConnections.find((c) => c.destinationType === "spreadsheet") as Connection;
    const args = ["--destination-type", "spreadsheet", "--destination-id", `${into.destinationId}`];
    const { code, stdout } = await runCli(["connections", "list", ...args, "--json"], env());
    expect(code).toBe(0);
    expect(server.requests.map((request) => request.query)).toEqual([
      { destinationType: "spreadsheet", destinationId: into.destinationId },
    ]);
    const { connections } = JSON.parse(stdout);
    expect(connections).toEqual(
      seedConnections.filter(
        (c) => c.destinationType === "spreadsheet" && c.destinationId === into.destinationId,
      ),
    );

    const bySource = await runCli(
      ["connections", "list", "--source-type", "wdata_query", "--source-id", "nothing-here"],
      env(),
    );
    expect(bySource.code).toBe(0);
    expect(bySource.stdout).toBe("");
    expect(server.requests[1]?.query).toEqual({
      sourceType: "wdata_query",
      sourceId: "nothing-here",
    });
  });

  test.each([70, 100, 200])(
    "on a terminal %i columns wide, is a table that fits it, with every ID whole",
    async (columns) => {
      const { code, screen } = await runInTerminal(["connections", "list"], env(), columns);
      expect(code).toBe(0);
      // The live progress is cleared before the table: the last screen line of it is empty.
      const table = screen.slice(screen.indexOf("NAME")).split("\n").slice(0, -1);
      // The headings are cut as their columns are.
      expect(table[0]).toMatch(/^NAME +ID +SOURCE.* LAST RUN$/);
      expect(table).toHaveLength(seedConnections.length + 1);
      const widths = table.map((line) => stringWidth(line));
      // Rows wrap only below 65 columns: an ID (32), "in progress" (11), two columns shrunk
      // to 8, and three gaps of 2.
      expect(Math.max(...widths)).toBeLessThanOrEqual(columns);
      for (const connection of seedConnections) {
        expect(table.some((line) => line.includes(`  ${connection.connectionId}  `))).toBe(true);
      }
      if (columns === 200) {
        // Wide enough for everything: nothing is cut.
        expect(screen).not.toContain("…  ");
        expect(table[1]).toContain(seedConnections[0]?.name);
      } else {
        expect(table.some((line) => line.includes("…"))).toBe(true);
      }
    },
  );

  test("on a terminal, says when no connection matches", async () => {
    const { code, screen } = await runInTerminal(
      ["connections", "list", "--source-type", "wdata_query", "--source-id", "none"],
      env(),
      80,
    );
    expect(code).toBe(0);
    expect(screen).toContain("No connections.\n");
  });
});

describe("connections get", () => {
  const [connection] = seedConnections as [Connection];
  const { connectionId = "", workspaceId = "" } = connection;

  test("prints the details of a connection for a person", async () => {
    const { code, stdout } = await runCli(["connections", "get", connectionId], env());
    expect(code).toBe(0);
    const [title, ...fields] = stdout.trimEnd().split("\n");
    expect(title).toBe(connection.name);
    expect(fields).toContain(`  ID           ${connectionId}`);
    expect(fields).toContain(`  Description  ${connection.description}`);
    expect(fields).toContain(
      `  Source       ${connection.sourceType} ${connection.sourceId} (workspace ${connection.sourceWorkspaceId})`,
    );
    expect(fields).toContain(`  Last run     complete, job ${connection.lastRunJobId}`);
  });

  test("with --json and --workspace-id, writes { connection } from that workspace", async () => {
    const { code, stdout } = await runCli(
      ["connections", "get", connectionId, "--workspace-id", workspaceId, "--json"],
      env(),
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ connection });
    expect(server.requests.map(({ path, query }) => ({ path, query }))).toEqual([
      { path: `/api/v1/connections/${connectionId}`, query: { workspaceId } },
    ]);
  });

  test("a connection in another workspace is not found: exit 4", async () => {
    const { code, stderr } = await runCli(
      ["connections", "get", connectionId, "--workspace-id", "another"],
      env(),
    );
    expect(code).toBe(4);
    expect(stderr).toContain(
      `wdata-prep: 404 Connection ${connectionId} not found in workspace another`,
    );
  });

  test("a name with control characters cannot redraw the terminal", async () => {
    const sneaky = { ...connection, name: "Revenue\u001b[2J\u001b[1;1H\tby region\u202e" };
    const api = await startPrepMockServer({ token: testToken, connections: [sneaky] });
    try {
      const { stdout } = await runCli(["connections", "get", connectionId], apiEnv(api.url));
      expect(stdout.split("\n")[0]).toBe("Revenue\uFFFD[2J\uFFFD[1;1H\uFFFDby region\uFFFD");
      const list = await runCli(["connections", "list"], apiEnv(api.url));
      expect(list.stdout.split("\t")[0]).toBe("Revenue\uFFFD[2J\uFFFD[1;1H\uFFFDby region\uFFFD");
    } finally {
      await api.close();
    }
  });
});
