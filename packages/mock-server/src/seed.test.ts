import { spec, validateAgainst } from "@wdata-prep/checks/spec";
import type { Connection } from "@wdata-prep/core";
import { describe, expect, test } from "vitest";
import { seedConnections, seedRunOutcomes } from "./seed.ts";

const recordTypes: string[] = spec.components.schemas.RecordType.enum;
const runStatuses: string[] = spec.components.schemas.RunStatus.enum;
const lastRunFields = [
  "lastRun",
  "lastRunBy",
  "lastRunDate",
  "lastRunDestinationParameters",
  "lastRunJobId",
  "lastRunSourceParameters",
];

describe("seedConnections", () => {
  test("holds at least 40 connections, each valid against the spec's Connection schema", () => {
    expect(seedConnections.length).toBeGreaterThanOrEqual(40);
    for (const connection of seedConnections) {
      expect(validateAgainst("Connection", connection), connection.name).toEqual([]);
    }
  });

  test("uses distinct 32-hex-character IDs and distinct names, across several workspaces", () => {
    const ids = seedConnections.map((c) => c.connectionId);
    const names = seedConnections.map((c) => c.name);
    expect(new Set(ids).size).toBe(seedConnections.length);
    expect(new Set(names).size).toBe(seedConnections.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(seedConnections.map((c) => c.workspaceId)).size).toBeGreaterThanOrEqual(3);
  });

  test("covers every RecordType as a source or a destination", () => {
    const used = new Set(seedConnections.flatMap((c) => [c.sourceType, c.destinationType]));
    expect(recordTypes.filter((type) => !used.has(type as never))).toEqual([]);
  });

  test("covers every RunStatus on one side of a last run", () => {
    const used = new Set(
      seedConnections.flatMap((c) => [c.lastRun?.sourceStatus, c.lastRun?.destinationStatus]),
    );
    expect(runStatuses.filter((status) => !used.has(status as never))).toEqual([]);
  });

  test("starts with the spec's example connection, whose last run completed", () => {
    const [first] = seedConnections;
    expect(first?.lastRun?.sourceStatus).toBe("complete");
    expect(first?.lastRun?.destinationStatus).toBe("complete");
    expect(first).toEqual(spec.components.examples.ConnectionWithLastRun.value.body);
  });

  test("has a connection that never ran, without any lastRun field", () => {
    const neverRan = seedConnections.filter((c) => c.lastRun === undefined);
    expect(neverRan.length).toBeGreaterThanOrEqual(1);
    for (const connection of neverRan) {
      expect(Object.keys(connection).filter((key) => lastRunFields.includes(key))).toEqual([]);
    }
  });

  test("has a failed run that says why, and a connection with description, metadata and parameters", () => {
    const failed = seedConnections.filter(
      (c) => c.lastRun?.sourceStatus === "error" || c.lastRun?.destinationStatus === "error",
    );
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const connection of failed) expect(connection.lastRun?.error).toMatch(/\w/);
    expect(
      seedConnections.some(
        (c) =>
          c.description &&
          c.metadata &&
          c.lastRunSourceParameters &&
          c.lastRunDestinationParameters &&
          c.lastRun?.sourceParameters,
      ),
    ).toBe(true);
  });

  test("keeps the lastRun* fields of each connection in step with its lastRun", () => {
    for (const connection of seedConnections.filter((c) => c.lastRun)) {
      const run = connection.lastRun ?? {};
      expect(run.connectionId, connection.name).toBe(connection.connectionId);
      expect(connection.lastRunJobId, connection.name).toBe(run.jobId);
      expect(connection.lastRunBy, connection.name).toBe(run.createdBy);
      expect(connection.lastRunDate, connection.name).toBe(run.created);
      expect(connection.lastRunSourceParameters, connection.name).toEqual(run.sourceParameters);
      expect(connection.lastRunDestinationParameters, connection.name).toEqual(
        run.destinationParameters,
      );
    }
  });

  test("has groups of connections that write into one spreadsheet, so they can run as a batch", () => {
    const byDestination = new Map<string | undefined, Connection[]>();
    for (const c of seedConnections) {
      byDestination.set(c.destinationId, [...(byDestination.get(c.destinationId) ?? []), c]);
    }
    const workbooks = [...byDestination.values()].filter(
      (group) => group.length >= 4 && group.every((c) => c.destinationType === "spreadsheet"),
    );
    expect(workbooks.length).toBeGreaterThanOrEqual(3);
    const q4Close = workbooks.find((group) => group.length >= 7) ?? [];
    const outcomes = new Set(q4Close.map((c) => seedRunOutcomes[c.connectionId as string]?.type));
    expect([...outcomes].sort()).toEqual([
      "cancelled",
      "complete",
      "destination-error",
      "source-error",
      "unwritable",
    ]);
  });

  test("is deeply frozen, so no caller can change the default data of later servers", () => {
    const [first] = seedConnections;
    expect(Object.isFrozen(seedConnections)).toBe(true);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.lastRun)).toBe(true);
    expect(Object.isFrozen(first?.lastRun?.sourceParameters)).toBe(true);
  });
});

describe("seedRunOutcomes", () => {
  test("gives every seeded connection, and only them, an outcome", () => {
    expect(Object.keys(seedRunOutcomes).sort()).toEqual(
      seedConnections.map((c) => c.connectionId).sort(),
    );
  });

  test("counts 28 complete, 3 source errors, 4 destination errors, 5 cancelled, 2 unwritable", () => {
    const counts: Record<string, number> = {};
    for (const { type } of Object.values(seedRunOutcomes)) counts[type] = (counts[type] ?? 0) + 1;
    expect(counts).toEqual({
      complete: 28,
      "source-error": 3,
      "destination-error": 4,
      cancelled: 5,
      unwritable: 2,
    });
  });

  test("gives each failure and each unwritable destination its own message", () => {
    const messages = Object.values(seedRunOutcomes).flatMap((outcome) =>
      "error" in outcome ? [outcome.error] : [],
    );
    expect(messages).toHaveLength(9);
    expect(new Set(messages).size).toBe(9);
    for (const message of messages) expect(message).toMatch(/^The .{30,}\.$/);
  });

  test("keeps the first connection, the spec's example, complete, and is deeply frozen", () => {
    expect(seedRunOutcomes[seedConnections[0]?.connectionId as string]).toEqual({
      type: "complete",
    });
    expect(Object.isFrozen(seedRunOutcomes)).toBe(true);
    expect(Object.isFrozen(Object.values(seedRunOutcomes)[0])).toBe(true);
  });
});
