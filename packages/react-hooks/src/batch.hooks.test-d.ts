import type { ConnectionRun, RefreshBatch, RefreshBatchRequest } from "@wdata-prep/core";
import type { PrepError } from "@wdata-prep/fetch";
import { describe, expectTypeOf, test } from "vitest";
import { useRefreshBatch, useRefreshBatchStatus } from "./batch.hooks.ts";
import type { BatchStatus } from "./batch.ts";
import type { RefreshStatus, RunOutcome } from "./refresh.ts";

describe("useRefreshBatch types", () => {
  test("data is the RefreshBatch; error is a PrepError; variables are the refreshes", () => {
    const batch = useRefreshBatch();
    expectTypeOf(batch.data).toEqualTypeOf<RefreshBatch | undefined>();
    expectTypeOf(batch.error).toEqualTypeOf<PrepError | null>();
    expectTypeOf(batch.variables).toEqualTypeOf<RefreshBatchRequest | undefined>();
    expectTypeOf(batch.mutateAsync).returns.resolves.toEqualTypeOf<RefreshBatch>();
    if (batch.isError) expectTypeOf(batch.error).toEqualTypeOf<PrepError>();
  });

  test("mutate takes an array of refreshes", () => {
    const { mutate } = useRefreshBatch({ cancelUnwritables: true });
    mutate([{ connectionId: "c1" }, { connectionId: "c2", usePreviousSourceParameters: true }]);
    // @ts-expect-error a batch is an array
    mutate({ connectionId: "c1" });
    // @ts-expect-error each item is a RefreshConnection
    mutate(["c1"]);
  });

  test("the hook owns its function and never retries", () => {
    // @ts-expect-error a retried POST may start the runs twice
    useRefreshBatch({ retry: 1 });
    // @ts-expect-error the hook owns the request
    useRefreshBatch({ mutationFn: () => Promise.resolve({}) });
    // @ts-expect-error cancelUnwritables is true or false
    useRefreshBatch({ cancelUnwritables: "yes" });
  });
});

describe("useRefreshBatchStatus types", () => {
  test("data is a BatchStatus: the batch, its outcome and each child's; error is a PrepError", () => {
    const status = useRefreshBatchStatus("b1", { pollIntervalMs: 500 });
    expectTypeOf(status.data).toEqualTypeOf<BatchStatus | undefined>();
    expectTypeOf(status.error).toEqualTypeOf<PrepError | null>();
    if (status.isSuccess) {
      expectTypeOf(status.data.batch).toEqualTypeOf<RefreshBatch>();
      expectTypeOf(status.data.outcome).toEqualTypeOf<RunOutcome | undefined>();
      expectTypeOf(status.data.children).toEqualTypeOf<RefreshStatus[]>();
      expectTypeOf(status.data.children[0]?.run).toEqualTypeOf<ConnectionRun | undefined>();
    }
  });

  test("select decides the type of data", () => {
    const { data } = useRefreshBatchStatus("b1", {}, { select: (s) => s.children.length });
    expectTypeOf(data).toEqualTypeOf<number | undefined>();
  });

  test("the ID may be missing while it loads; bad options are refused", () => {
    useRefreshBatchStatus(undefined);
    useRefreshBatchStatus(null);
    // @ts-expect-error an ID is a string
    useRefreshBatchStatus(42);
    // @ts-expect-error an interval is a number of milliseconds
    useRefreshBatchStatus("b1", { pollIntervalMs: "1s" });
    // @ts-expect-error the hook owns the key
    useRefreshBatchStatus("b1", {}, { queryKey: ["x"] });
  });
});
