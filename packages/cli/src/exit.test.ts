// The one table from errors to exit codes, and how the outcomes of several runs add up to one.
import type { ConnectionRun } from "@wdata-prep/core";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  LockedError,
  NotFoundError,
  PermissionDeniedError,
  PrepAbortError,
  PrepApiError,
  PrepBatchError,
  PrepConnectionError,
  PrepConnectionTimeoutError,
  PrepError,
  PrepRunError,
  PrepWaitTimeoutError,
  RateLimitError,
} from "@wdata-prep/fetch";
import { describe, expect, test } from "vitest";
import {
  CliCredentialsError,
  CliInterruptedError,
  CliUsageError,
  ExitCode,
  exitCodeMeanings,
  exitCodeOf,
  exitCodeOfResults,
} from "./exit.ts";

const run: ConnectionRun = { jobId: "j1", connectionId: "c1" };
const answer = (status: number) => [status, { body: "no", code: status }, new Headers()] as const;

describe("exitCodeOf", () => {
  test.each([
    ["AuthenticationError (401)", new AuthenticationError(...answer(401)), 3],
    ["PermissionDeniedError (403)", new PermissionDeniedError(...answer(403)), 3],
    ["NotFoundError (404)", new NotFoundError(...answer(404)), 4],
    ["BadRequestError (400)", new BadRequestError(...answer(400)), 2],
    ["ConflictError (409)", new ConflictError(...answer(409)), 1],
    ["LockedError (423)", new LockedError(...answer(423)), 1],
    ["RateLimitError (429)", new RateLimitError(...answer(429)), 7],
    ["InternalServerError (503)", new InternalServerError(...answer(503)), 7],
    ["PrepApiError (405)", new PrepApiError(...answer(405)), 7],
    ["PrepConnectionError", new PrepConnectionError(new TypeError("fetch failed")), 7],
    ["PrepConnectionTimeoutError", new PrepConnectionTimeoutError(60_000), 7],
    ["PrepAbortError", new PrepAbortError(), 130],
    [
      "PrepRunError (error)",
      new PrepRunError(run, "error", { connectionId: "c1", jobId: "j1" }),
      1,
    ],
    [
      "PrepRunError (cancelled)",
      new PrepRunError(run, "cancelled", { connectionId: "c1", jobId: "j1" }),
      6,
    ],
    ["PrepBatchError (error)", new PrepBatchError({ batchRefreshId: "b1" }, "error", "b1"), 1],
    [
      "PrepBatchError (cancelled)",
      new PrepBatchError({ batchRefreshId: "b1" }, "cancelled", "b1"),
      6,
    ],
    [
      "PrepWaitTimeoutError",
      new PrepWaitTimeoutError(600_000, run, { connectionId: "c1", jobId: "j1" }),
      5,
    ],
    ["PrepError", new PrepError("connectionId must be a non-blank string"), 2],
    ["CliUsageError", new CliUsageError("bad flag"), 2],
    ["CliCredentialsError", new CliCredentialsError("no token"), 3],
    ["CliInterruptedError", new CliInterruptedError("Ctrl-C"), 130],
    ["a TypeError of wdata-prep itself", new TypeError("x is undefined"), 1],
    ["a thrown string", "oops", 1],
  ])("%s exits %i", (_name, error, code) => {
    expect(exitCodeOf(error)).toBe(code);
  });

  test("every exit code has its meaning, in order", () => {
    expect(exitCodeMeanings.map(([code]) => code)).toEqual(Object.values(ExitCode));
  });
});

describe("exitCodeOfResults", () => {
  test.each([
    [[], 0],
    [["complete", "complete"], 0],
    [["complete", undefined, "not_started"], 0],
    [["complete", "error"], 1],
    [["complete", "cancelled"], 6],
    [["complete", "timed_out"], 5],
    [["cancelled", "timed_out"], 5],
    [["cancelled", "timed_out", "error"], 1],
  ] as const)("runs that end %j exit %i", (outcomes, code) => {
    expect(exitCodeOfResults(outcomes.map((outcome) => ({ outcome })))).toBe(code);
  });

  test("a run kept from starting exits by its error: 3, 4 or 7, and 1 for a refused batch", () => {
    const notStarted = (error: unknown) => ({ outcome: "not_started" as const, error });
    expect(exitCodeOfResults([notStarted(new NotFoundError(...answer(404)))])).toBe(4);
    expect(exitCodeOfResults([notStarted(new PermissionDeniedError(...answer(403)))])).toBe(3);
    expect(exitCodeOfResults([notStarted(new PrepConnectionError())])).toBe(7);
    for (const status of [400, 409, 423] as const) {
      const refused =
        status === 400 ? BadRequestError : status === 409 ? ConflictError : LockedError;
      expect(exitCodeOfResults([notStarted(new refused(...answer(status)))])).toBe(1);
    }
  });

  test("a run kept from starting by the deadline exits 5; one no longer followed exits by its error", () => {
    const deadline = new PrepWaitTimeoutError(1000, undefined, { connectionId: "c1" });
    expect(exitCodeOfResults([{ outcome: "not_started", error: deadline }])).toBe(5);
    const lost = { outcome: "error" as const, error: new NotFoundError(...answer(404)) };
    expect(exitCodeOfResults([lost])).toBe(4);
  });

  test("3 prevails over 4, 4 over 7, 7 over 1, 1 over 5 and 5 over 6", () => {
    const results = [
      { outcome: "cancelled" as const },
      { outcome: "timed_out" as const },
      { outcome: "error" as const },
      { outcome: "not_started" as const, error: new PrepConnectionError() },
      { outcome: "not_started" as const, error: new NotFoundError(...answer(404)) },
      { outcome: "not_started" as const, error: new AuthenticationError(...answer(401)) },
    ];
    const codes = results.map((_, index) => exitCodeOfResults(results.slice(0, index + 1)));
    expect(codes).toEqual([6, 5, 1, 7, 4, 3]);
  });
});
