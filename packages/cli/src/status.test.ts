// `wdata-prep status` and `wdata-prep batch-status`, run as the built command against the
// embedded API: one read each, and the exit code of how the runs ended.
import type { Connection } from "@wdata-prep/core";
import { createPrepClient, runOutcome } from "@wdata-prep/fetch";
import {
  type PrepMockServer,
  seedConnections,
  seedRunOutcomes,
  startPrepMockServer,
} from "@wdata-prep/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { apiEnv, runCli, testToken } from "../test/cli.ts";

let server: PrepMockServer;
beforeAll(async () => {
  server = await startPrepMockServer({ token: testToken, runDurationMs: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const env = () => apiEnv(server.url);
const prep = () => createPrepClient({ baseUrl: server.url, token: testToken });

/** A seeded connection whose last run ended with `outcome` (`undefined`: still going). */
function lastRunEnded(outcome: string | undefined): Connection {
  const found = seedConnections.find(
    ({ lastRun }) => lastRun !== undefined && runOutcome(lastRun) === outcome,
  );
  if (!found) throw new Error(`The seed has no last run that ended ${outcome}`);
  return found;
}

describe("status", () => {
  test.each([
    ["complete", 0],
    ["error", 1],
    ["cancelled", 6],
    [undefined, 0],
  ])("of a latest run that ended %s exits %i, with { run, outcome }", async (outcome, exitCode) => {
    const connection = lastRunEnded(outcome);
    const { code, stdout } = await runCli(
      ["status", `${connection.connectionId}`, "--json"],
      env(),
    );
    expect(code).toBe(exitCode);
    const { run, outcome: reported } = JSON.parse(stdout);
    expect(run.jobId).toBe(connection.lastRun?.jobId);
    expect(reported).toBe(outcome ?? null);
  });

  test("prints the run's statuses and error for a person", async () => {
    const connection = lastRunEnded("error");
    const run = connection.lastRun;
    const { code, stdout } = await runCli(["status", `${connection.connectionId}`], env());
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        `Run ${run?.jobId} of connection ${connection.connectionId}: error`,
        `  Source       ${run?.sourceStatus}`,
        `  Destination  ${run?.destinationStatus}`,
        `  Error        ${run?.error}`,
        `  Created      ${run?.created} by ${run?.createdBy}`,
        `  Updated      ${run?.updated}`,
        "",
      ].join("\n"),
    );
  });

  test("--job gets that run", async () => {
    const connection = lastRunEnded("complete");
    const id = `${connection.connectionId}`;
    const started = await prep().refreshConnection(id);
    const { code, stdout } = await runCli(
      ["status", id, "--job", `${started.jobId}`, "--json"],
      env(),
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      run: { jobId: started.jobId },
      outcome: "complete",
    });
    expect(server.requests.slice(1).map(({ path, query }) => ({ path, query }))).toEqual([
      { path: `/api/v1/connections/${id}/status`, query: { jobId: started.jobId } },
    ]);
  });

  test("an unknown run, or a connection that never ran, is not found: exit 4", async () => {
    const connection = lastRunEnded("complete");
    const unknown = await runCli(["status", `${connection.connectionId}`, "--job", "nope"], env());
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain(
      `404 Run nope of connection ${connection.connectionId} not found`,
    );

    const neverRan = seedConnections.find(({ lastRun }) => lastRun === undefined) as Connection;
    const never = await runCli(["status", `${neverRan.connectionId}`], env());
    expect(never.code).toBe(4);
    expect(never.stderr).toContain("has never run");
  });
});

describe("batch-status", () => {
  /** Seeded connections into one spreadsheet whose runs end as `types` say, in that order. */
  function into(types: string[]): string[] {
    const byType = (type: string) =>
      seedConnections.filter(
        ({ connectionId = "" }) => (seedRunOutcomes[connectionId]?.type ?? "complete") === type,
      );
    const destination = seedConnections.find(({ destinationId }) =>
      types.every(
        (type) =>
          byType(type).filter((c) => c.destinationId === destinationId).length >=
          types.filter((t) => t === type).length,
      ),
    )?.destinationId;
    const used = new Set<string>();
    return types.map((type) => {
      const found = byType(type).find(
        (c) => c.destinationId === destination && !used.has(`${c.connectionId}`),
      );
      used.add(`${found?.connectionId}`);
      return `${found?.connectionId}`;
    });
  }

  async function startBatch(types: string[]): Promise<string> {
    const batch = await prep().refreshBatch(into(types).map((connectionId) => ({ connectionId })));
    return `${batch.batchRefreshId}`;
  }

  test.each([
    [["complete", "complete"], 0, "complete"],
    [["complete", "source-error"], 1, "error"],
    [["complete", "cancelled"], 6, "cancelled"],
  ])("of runs that end %j exits %i", async (types, exitCode, outcome) => {
    const batchId = await startBatch(types);
    const { code, stdout } = await runCli(["batch-status", batchId, "--json"], env());
    expect(code).toBe(exitCode);
    const { batch, outcome: reported } = JSON.parse(stdout);
    expect(batch.batchRefreshId).toBe(batchId);
    expect(batch.childRefreshes).toHaveLength(types.length);
    expect(reported).toBe(outcome);
  });

  test("prints the batch and a line per run for a person", async () => {
    const [complete, failing] = into(["complete", "source-error"]);
    const batchId = await startBatch(["complete", "source-error"]);
    const { code, stdout } = await runCli(["batch-status", batchId], env());
    expect(code).toBe(1);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(`Batch ${batchId}: error, 2 runs`);
    const table = lines.slice(lines.indexOf("") + 1, -1);
    expect(table[0]).toMatch(/^CONNECTION +JOB +OUTCOME +ERROR$/);
    expect(table[1]).toMatch(new RegExp(`^${complete} +\\w+ +complete$`));
    expect(table[2]).toMatch(new RegExp(`^${failing} +\\w+ +error +\\S`));
  });

  test("an unknown batch is not found: exit 4", async () => {
    const { code, stdout } = await runCli(["batch-status", "nope", "--json"], env());
    expect(code).toBe(4);
    expect(JSON.parse(stdout)).toMatchObject({
      error: { name: "NotFoundError", message: "404 Batch nope not found", status: 404 },
    });
  });
});
