// Batches over HTTP: refreshBatch starts a run per item, getRefreshBatchStatus follows the batch,
// whose statuses follow its children's.
import type { Connection } from "@wdata-prep/core";
import { describe, expect, test } from "vitest";
import {
  batchStatus,
  connectionUrl,
  eventually,
  forever,
  refresh,
  refreshBatch,
  runStatus,
  sides,
  transports,
} from "../test/api.ts";
import { fetchSpecResponse } from "../test/fetchSpecResponse.ts";
import { seedConnections, seedRunOutcomes } from "./seed.ts";

/** The seeded connections that write into the Q4 close workbook, by how their runs end. */
const q4Close = seedConnections.filter((c) => c.name?.endsWith("→ Q4 close workbook"));
const byOutcome = (type: string) =>
  q4Close.find((c) => seedRunOutcomes[c.connectionId as string]?.type === type) as Connection & {
    connectionId: string;
  };
const complete = byOutcome("complete");
const sourceError = byOutcome("source-error");
const destinationError = byOutcome("destination-error");
const cancelled = byOutcome("cancelled");
const unwritable = byOutcome("unwritable");
const item = (connection: Connection) => ({ connectionId: connection.connectionId });
/** The `error` a run of this seeded connection ends with, if any. */
const errorOf = (connection: Connection): string | undefined => {
  const outcome = seedRunOutcomes[connection.connectionId as string];
  return outcome && "error" in outcome ? outcome.error : undefined;
};

describe.each(transports)("over $name", ({ start }) => {
  describe("refreshBatch", () => {
    test("runs a batch of 3 with mixed outcomes to its end; the batch's statuses follow its children", async () => {
      const server = await start({ runDurationMs: 50 });
      const members = [complete, sourceError, destinationError];
      const started = await refreshBatch(server, [
        { ...item(complete), sourceParameters: { period: "2026-12" } },
        item(sourceError),
        item(destinationError),
      ]);
      expect(started.status).toBe(200);
      const batch = started.body.body;
      expect(batch).toMatchObject({
        batchRefreshId: expect.stringMatching(/^[0-9a-f]{32}$/),
        createdBy: "V0ZVc2VyHzU2NDYyODk1NDQ3MjE5MjA",
        sourceStatus: "not_started",
        destinationStatus: "not_started",
      });
      expect(batch).not.toHaveProperty("error");
      expect(batch.childRefreshes.map((run: Connection) => run.connectionId)).toEqual(
        members.map((c) => c.connectionId),
      );
      expect(batch.childRefreshes.map(sides)).toEqual(Array(3).fill("not_started/not_started"));
      expect(batch.childRefreshes[0].sourceParameters).toEqual({ period: "2026-12" });

      const seen: string[] = [];
      await eventually(async () => {
        const { body } = await batchStatus(server, batch.batchRefreshId);
        if (seen.at(-1) !== sides(body.body)) seen.push(sides(body.body));
        expect(sides(body.body)).toBe("error/error");
      });
      // Whichever the polls caught, the batch went forward: not started, running, finished.
      const order = [
        "not_started/not_started",
        "running/not_started",
        "running/running",
        "error/error",
      ];
      const indexes = seen.map((pair) => order.indexOf(pair));
      expect(indexes).not.toContain(-1);
      expect(indexes).toEqual([...new Set(indexes)].sort((a, b) => a - b));

      const { body } = await batchStatus(server, batch.batchRefreshId);
      expect(body.body.error).toBe("2 of 3 runs of this batch failed; each says why in its error");
      expect(body.body.childRefreshes.map(sides)).toEqual([
        "complete/complete",
        "error/not_started",
        "complete/error",
      ]);
      expect(body.body.childRefreshes.map((run: { error?: string }) => run.error)).toEqual(
        members.map(errorOf),
      );
      expect(errorOf(complete)).toBeUndefined();
      expect(body.body.updated).toBe(
        [...body.body.childRefreshes.map((run: { updated: string }) => run.updated)].sort().at(-1),
      );

      // Each child is its connection's latest run, and can be read by its jobId.
      for (const child of body.body.childRefreshes) {
        expect((await runStatus(server, child.connectionId)).body.body).toEqual(child);
        const { body: connection } = await fetchSpecResponse(
          connectionUrl(server, child.connectionId),
        );
        expect(connection.body.lastRunJobId).toBe(child.jobId);
      }
    });

    test.each([
      ["complete", [complete], "complete/complete"],
      [
        "cancelled when one was cancelled and none failed",
        [complete, cancelled],
        "cancelled/cancelled",
      ],
      [
        "error when one failed, even beside a cancelled one",
        [cancelled, sourceError],
        "error/error",
      ],
    ])("ends %s", async (_name, members, final) => {
      const server = await start({ runDurationMs: 0 });
      const { body } = await refreshBatch(server, members.map(item));
      const status = await batchStatus(server, body.body.batchRefreshId);
      expect(sides(status.body.body)).toBe(final);
      expect(status.body.body.error === undefined).toBe(final !== "error/error");
    });

    test("with cancelUnwritables=true, cancels a child that cannot write and runs the others", async () => {
      const server = await start({ runDurationMs: forever });
      const { status, body } = await refreshBatch(server, [item(complete), item(unwritable)], true);
      expect(status).toBe(200);
      const [running, refused] = body.body.childRefreshes;
      expect(sides(running)).toBe("not_started/not_started");
      expect(sides(refused)).toBe("cancelled/cancelled");
      expect(refused.error).toBeUndefined();
      expect(sides(body.body)).toBe("running/running");

      const server2 = await start({ runDurationMs: 0 });
      const done = await refreshBatch(server2, [item(complete), item(unwritable)], "true");
      const end = await batchStatus(server2, done.body.body.batchRefreshId);
      expect(sides(end.body.body)).toBe("cancelled/cancelled");
      expect(end.body.body.childRefreshes.map(sides)).toEqual([
        "complete/complete",
        "cancelled/cancelled",
      ]);
    });

    test("without cancelUnwritables, answers 423 naming the child that cannot write, and starts nothing", async () => {
      const server = await start({ runDurationMs: forever });
      for (const cancelUnwritables of [undefined, false] as const) {
        const { status, body } = await refreshBatch(
          server,
          [item(complete), item(cancelled), item(unwritable)],
          cancelUnwritables,
        );
        expect(status).toBe(423);
        expect(body.body).toMatch(
          /^\[2\]\.connectionId: Connection \w+ cannot write into its destination: /,
        );
        expect(body.body).toMatch(
          /send cancelUnwritables=true to cancel those runs and start the others$/,
        );
        expect(body.details).toEqual([
          expect.objectContaining({ code: "unwritable", target: "[2].connectionId" }),
        ]);
      }
      expect((await runStatus(server, complete.connectionId)).body.body.jobId).toBe(
        complete.lastRunJobId,
      );
    });

    test("answers 409 for the whole batch when a child's connection is still running", async () => {
      const server = await start({ runDurationMs: forever });
      const running = (await refresh(server, cancelled.connectionId)).body.body;
      const { status, body } = await refreshBatch(server, [item(complete), item(cancelled)]);
      expect(status).toBe(409);
      expect(body.details).toEqual([
        expect.objectContaining({ code: "running", target: "[1].connectionId" }),
      ]);
      expect(body.body).toContain(`job ${running.jobId}`);
      expect((await runStatus(server, complete.connectionId)).body.body.jobId).toBe(
        complete.lastRunJobId,
      );
    });

    test("takes 1 and 100 items, and refuses 0 and 101 with a MultiError", async () => {
      const server = await start({ runDurationMs: 0 });
      expect((await refreshBatch(server, [item(complete)])).status).toBe(200);
      const hundred = Array.from({ length: 100 }, (_, i) => ({
        connectionId: `c${i}`,
      }));
      const many = await start({
        runDurationMs: 0,
        connections: hundred.map((c) => ({ ...c, destinationId: "workbook" })),
      });
      const full = await refreshBatch(many, hundred);
      expect(full.status).toBe(200);
      expect(full.body.body.childRefreshes).toHaveLength(100);

      const tooMany = await refreshBatch(server, Array(101).fill(item(complete)));
      expect(tooMany.status).toBe(400);
      expect(tooMany.body).toEqual({
        body: ["a batch holds at most 100 connections; this one holds 101"],
        code: 400,
        details: [
          {
            code: "invalid_body",
            message: "a batch holds at most 100 connections; this one holds 101",
            target: "body",
          },
        ],
      });
      const none = await refreshBatch(server, []);
      expect(none.status).toBe(400);
      expect(none.body.body).toEqual(["a batch holds at least 1 connection; this one holds none"]);
    });

    test("refuses items into several destinations with a MultiError naming each item at fault", async () => {
      const server = await start({ runDurationMs: 0 });
      const elsewhere = seedConnections.filter((c) => c.destinationId !== complete.destinationId);
      const { status, body } = await refreshBatch(server, [
        item(complete),
        item(elsewhere[0] as Connection),
        item(sourceError),
        item(elsewhere[1] as Connection),
      ]);
      expect(status).toBe(400);
      expect(
        body.details.map((d: { target: string; code: string }) => `${d.target} ${d.code}`),
      ).toEqual(["[1].connectionId destination_mismatch", "[3].connectionId destination_mismatch"]);
      expect(body.body).toEqual([
        `[1].connectionId writes into ${elsewhere[0]?.destinationId}, not into ${complete.destinationId} like [0]: a batch writes into one spreadsheet`,
        `[3].connectionId writes into ${elsewhere[1]?.destinationId}, not into ${complete.destinationId} like [0]: a batch writes into one spreadsheet`,
      ]);
      expect((await runStatus(server, complete.connectionId)).body.body.jobId).toBe(
        complete.lastRunJobId,
      );
    });

    test("refuses unknown, repeated, missing and mistyped items, one message per problem", async () => {
      const server = await start();
      const { status, body } = await refreshBatch(server, [
        item(complete),
        { connectionId: "nope" },
        {},
        item(complete),
        { connectionId: sourceError.connectionId, workspaceId: "another" },
        { connectionId: destinationError.connectionId, sourceParameters: "2026-12" },
        "0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e",
      ]);
      expect(status).toBe(400);
      expect(
        body.details.map((d: { target: string; code: string }) => `${d.target} ${d.code}`),
      ).toEqual([
        "[1].connectionId unknown_connection",
        "[2].connectionId missing_field",
        "[3].connectionId duplicate_connection",
        "[4].workspaceId unknown_connection",
        "[5].sourceParameters invalid_field",
        "[6] invalid_body",
      ]);
      expect(body.body[2]).toBe(
        `[3].connectionId repeats connection ${complete.connectionId} of [0]`,
      );
    });

    test("refuses a body that is not an array, and a cancelUnwritables that is not a boolean", async () => {
      const server = await start();
      const object = await refreshBatch(server, item(complete));
      expect(object.status).toBe(400);
      expect(object.body.body).toEqual([
        "The body must be a JSON array of 1 to 100 RefreshConnection items, got an object",
      ]);
      const flag = await refreshBatch(server, [item(complete)], "yes");
      expect(flag.status).toBe(400);
      expect(flag.body.details).toEqual([
        {
          code: "invalid_parameter",
          message: 'cancelUnwritables must be true or false, got "yes"',
          target: "cancelUnwritables",
        },
      ]);
      const none = await fetchSpecResponse(`${server.url}/api/v1/connections/batch/refresh`, {
        method: "POST",
      });
      expect(none.body.body).toEqual(["The body is required: an array of RefreshConnection items"]);
    });
  });

  describe("getRefreshBatchStatus", () => {
    test("answers 404 for an unknown batch, and for a workspace none of its runs is in", async () => {
      const server = await start({ runDurationMs: 0 });
      const unknown = await batchStatus(server, "8f2a4c6e0b1d4f3a9c7e5b2d1f0a8c6e");
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({
        body: "Batch 8f2a4c6e0b1d4f3a9c7e5b2d1f0a8c6e not found",
        code: 404,
      });
      const { body } = await refreshBatch(server, [item(complete)]);
      const id = body.body.batchRefreshId;
      expect((await batchStatus(server, id, `?workspaceId=${complete.workspaceId}`)).status).toBe(
        200,
      );
      expect((await batchStatus(server, id, "?workspaceId=another")).status).toBe(404);
      const tooLong = await batchStatus(server, id, `?workspaceId=${"w".repeat(41)}`);
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.body).toEqual(["workspaceId must be at most 40 characters, got 41"]);
    });

    test("forgets batches on reset(), and never shares them between servers", async () => {
      const server = await start({ runDurationMs: 0 });
      const other = await start({ runDurationMs: 0 });
      const { body } = await refreshBatch(server, [item(complete)]);
      const id = body.body.batchRefreshId;
      expect((await batchStatus(other, id)).status).toBe(404);
      server.reset();
      expect((await batchStatus(server, id)).status).toBe(404);
    });

    test("is not taken for a connection named batch: other methods get 405", async () => {
      const server = await start();
      const get = await fetchSpecResponse(`${server.url}/api/v1/connections/batch/refresh`);
      expect(get.status).toBe(405);
      expect(get.headers.get("allow")).toBe("POST");
    });
  });
});
