import { QueryClient } from "@tanstack/react-query";
import type { ConnectionRun } from "@wdata-prep/core";
import type { PrepError, RunOutcome } from "@wdata-prep/fetch";
import { describe, expectTypeOf, test } from "vitest";
import {
  type RefreshConnectionVariables,
  useRefreshConnection,
  useRefreshStatus,
} from "./refresh.hooks.ts";
import type { RefreshStatus } from "./refresh.ts";

const queryClient = new QueryClient();

describe("useRefreshConnection types", () => {
  test("data is the ConnectionRun; error is a PrepError; variables name the connection", () => {
    const refresh = useRefreshConnection();
    expectTypeOf(refresh.data).toEqualTypeOf<ConnectionRun | undefined>();
    expectTypeOf(refresh.error).toEqualTypeOf<PrepError | null>();
    expectTypeOf(refresh.variables).toEqualTypeOf<RefreshConnectionVariables | undefined>();
    expectTypeOf(refresh.mutateAsync).returns.resolves.toEqualTypeOf<ConnectionRun>();
    if (refresh.isError) expectTypeOf(refresh.error).toEqualTypeOf<PrepError>();
  });

  test("mutate takes a connectionId and, apart, a RefreshConnection body", () => {
    const { mutate } = useRefreshConnection();
    mutate({ connectionId: "c1" });
    mutate({
      connectionId: "c1",
      body: { sourceParameters: { period: "2026-11" }, workspaceId: "w1" },
    });
    // @ts-expect-error the connection to run is required
    mutate({ body: {} });
    // @ts-expect-error an ID is a string
    mutate({ connectionId: 42 });
    // @ts-expect-error the body is a field of its own
    mutate({ connectionId: "c1", sourceParameters: {} });
    // @ts-expect-error not a field of a refresh
    mutate({ connectionId: "c1", body: { cancelUnwritables: true } });
  });

  test("the hook owns its function and never retries; limits and a QueryClient are its own", () => {
    useRefreshConnection({ timeoutMs: 5_000, onSuccess: (run) => run.jobId }, queryClient);
    // @ts-expect-error a retried POST may start a second run
    useRefreshConnection({ retry: 3 });
    // @ts-expect-error the hook owns the request
    useRefreshConnection({ mutationFn: () => Promise.resolve({}) });
    // @ts-expect-error a time limit is a number of milliseconds
    useRefreshConnection({ timeoutMs: "5s" });
  });
});

describe("useRefreshStatus types", () => {
  test("data is a RefreshStatus: the run and its outcome; error is a PrepError", () => {
    const status = useRefreshStatus("c1", { jobId: "j1" });
    expectTypeOf(status.data).toEqualTypeOf<RefreshStatus | undefined>();
    expectTypeOf(status.error).toEqualTypeOf<PrepError | null>();
    if (status.isSuccess) {
      expectTypeOf(status.data.run).toEqualTypeOf<ConnectionRun>();
      expectTypeOf(status.data.outcome).toEqualTypeOf<RunOutcome | undefined>();
    }
    expectTypeOf<RunOutcome>().toEqualTypeOf<"complete" | "error" | "cancelled">();
  });

  test("one options object holds the jobId, how to poll and TanStack options; a QueryClient comes last", () => {
    const { data } = useRefreshStatus(
      "c1",
      { jobId: "j1", pollIntervalMs: 500, timeoutMs: 1_000, select: (s) => s.run.error },
      queryClient,
    );
    expectTypeOf(data).toEqualTypeOf<string | undefined>();
  });

  test("the IDs may be missing while they load, but the jobId must be given", () => {
    useRefreshStatus(undefined, { jobId: undefined });
    useRefreshStatus(null, { jobId: null, pollIntervalMs: 500, workspaceId: "w1" });
    // @ts-expect-error which run to watch: the latest may be someone else's
    useRefreshStatus("c1", {});
    // @ts-expect-error an interval is a number of milliseconds
    useRefreshStatus("c1", { jobId: "j1", pollIntervalMs: "1s" });
    // @ts-expect-error the hook owns the key
    useRefreshStatus("c1", { jobId: "j1", queryKey: ["x"] });
    // @ts-expect-error the hook owns the query function
    useRefreshStatus("c1", { jobId: "j1", queryFn: () => Promise.resolve({}) });
    // @ts-expect-error the third argument is a QueryClient
    useRefreshStatus("c1", { jobId: "j1" }, { select: () => 1 });
  });
});
