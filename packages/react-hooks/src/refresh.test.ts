// @vitest-environment node
import { QueryClient } from "@tanstack/react-query";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import { MAX_TIMER_MS } from "@wdata-prep/core/internal";
import { NotFoundError, PrepError } from "@wdata-prep/fetch";
import { describe, expect, test } from "vitest";
import { clientFor, mockServerPerFile, seededEnding, seededError } from "../test/harness.tsx";
import { forClient, prepKeys } from "./keys.ts";
import {
  freshOnceFinished,
  pollWhileGoing,
  refreshStatusQueryOptions,
  toRefreshStatus,
} from "./refresh.ts";

// Every run is finished on its first status read.
const mockServer = mockServerPerFile({ runDurationMs: 0 });

const failingId = seededEnding("destination-error").connectionId;

describe("refreshStatusQueryOptions, on a server with no React", () => {
  test("carry the run's key, polling every 2 s by default, and no retries of their own", () => {
    const client = clientFor(mockServer().url);
    const options = refreshStatusQueryOptions(client, "c1", { jobId: "j1", workspaceId: "w1" });
    expect(options.queryKey).toEqual(forClient(prepKeys.refreshStatus("c1", "j1"), client));
    expect(options.retry).toBe(false);
    // A query whose last read showed the run going, then one that showed it finished.
    const going = { state: { data: toRefreshStatus({ sourceStatus: "running" }), error: null } };
    const cancelled = { sourceStatus: "cancelled", destinationStatus: "cancelled" } as const;
    const done = { state: { data: toRefreshStatus(cancelled), error: null } };
    const interval = options.refetchInterval as (query: unknown) => number | false;
    const staleTime = options.staleTime as (query: unknown) => number;
    expect([interval(going), interval(done)]).toEqual([2_000, false]);
    expect([staleTime(going), staleTime(done)]).toEqual([0, Number.POSITIVE_INFINITY]);
    const every = refreshStatusQueryOptions(client, "c1", { jobId: "j1", pollIntervalMs: 50 });
    expect((every.refetchInterval as (query: unknown) => number | false)(going)).toBe(50);
  });

  test("a run that failed resolves as data with its outcome; it is not a rejection", async () => {
    const client = clientFor(mockServer().url);
    const run = await client.refreshConnection(failingId);
    const status = await new QueryClient().fetchQuery(
      refreshStatusQueryOptions(client, failingId, { jobId: run.jobId as string }),
    );
    expect(status.outcome).toBe("error");
    expect(status.run).toMatchObject({ jobId: run.jobId, sourceStatus: "complete" });
    expect(status.run.error).toBe(seededError(failingId));
  });

  test("an unknown job rejects with the client's error class after one request", async () => {
    const client = clientFor(mockServer().url);
    const options = refreshStatusQueryOptions(client, failingId, { jobId: "nope" });
    await rejectsWith(new QueryClient().fetchQuery(options), NotFoundError);
    expect(mockServer().requests).toHaveLength(1);
  });

  test("a bad pollIntervalMs is a PrepError at once; the longest a timer honours is taken", () => {
    const client = clientFor(mockServer().url);
    const bad = [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, "1s" as never];
    for (const pollIntervalMs of bad) {
      expect(() => refreshStatusQueryOptions(client, "c1", { jobId: "j", pollIntervalMs })).toThrow(
        PrepError,
      );
    }
    const longest = refreshStatusQueryOptions(client, "c1", {
      jobId: "j",
      pollIntervalMs: MAX_TIMER_MS,
    });
    const going = { state: { data: toRefreshStatus({ sourceStatus: "running" }), error: null } };
    expect((longest.refetchInterval as (query: unknown) => number | false)(going)).toBe(
      MAX_TIMER_MS,
    );
  });
});

describe("polling and freshness of a status query", () => {
  const query = (
    outcome: ReturnType<typeof toRefreshStatus>["outcome"] | "none",
    error = false,
  ) => ({
    state: {
      data: outcome === "none" ? undefined : { outcome },
      error: error ? new PrepError("failed") : null,
    },
  });

  test("polls while the run is going and its last read succeeded", () => {
    const poll = pollWhileGoing(150);
    expect(poll(query(undefined))).toBe(150);
    expect(poll(query("complete"))).toBe(false);
    expect(poll(query("error"))).toBe(false);
    expect(poll(query("cancelled"))).toBe(false);
    expect(poll(query(undefined, true))).toBe(false);
    expect(poll(query("none", true))).toBe(false);
  });

  test("a finished run stays fresh for good; a going one is stale at once", () => {
    expect(freshOnceFinished(query(undefined))).toBe(0);
    expect(freshOnceFinished(query("none"))).toBe(0);
    expect(freshOnceFinished(query("error"))).toBe(Number.POSITIVE_INFINITY);
  });

  test("the outcome is the client's rule", () => {
    expect(
      toRefreshStatus({ sourceStatus: "error", destinationStatus: "not_started" }).outcome,
    ).toBe("error");
    expect(
      toRefreshStatus({ sourceStatus: "complete", destinationStatus: "running" }).outcome,
    ).toBe(undefined);
    expect(toRefreshStatus({ sourceStatus: "cancelled", destinationStatus: "cancelled" })).toEqual({
      run: { sourceStatus: "cancelled", destinationStatus: "cancelled" },
      outcome: "cancelled",
    });
  });
});
