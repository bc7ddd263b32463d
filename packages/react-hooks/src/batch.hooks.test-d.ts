import { QueryClient } from "@tanstack/react-query";
import type { ConnectionRun, RefreshBatch } from "@wdata-prep/core";
import type { PrepError, RunOutcome } from "@wdata-prep/fetch";
import { describe, expectTypeOf, test } from "vitest";
import {
  type RefreshBatchVariables,
  useRefreshBatch,
  useRefreshBatchStatus,
} from "./batch.hooks.ts";
import type { RefreshBatchStatus } from "./batch.ts";
import type { RefreshStatus } from "./refresh.ts";

const queryClient = new QueryClient();

describe("useRefreshBatch types", () => {
  test("data is the RefreshBatch; error is a PrepError; variables are the items and options", () => {
    const batch = useRefreshBatch();
    expectTypeOf(batch.data).toEqualTypeOf<RefreshBatch | undefined>();
    expectTypeOf(batch.error).toEqualTypeOf<PrepError | null>();
    expectTypeOf(batch.variables).toEqualTypeOf<RefreshBatchVariables | undefined>();
    expectTypeOf(batch.mutateAsync).returns.resolves.toEqualTypeOf<RefreshBatch>();
    if (batch.isError) expectTypeOf(batch.error).toEqualTypeOf<PrepError>();
  });

  test("mutate takes the items and, per call, cancelUnwritables", () => {
    const { mutate } = useRefreshBatch();
    mutate({
      items: [{ connectionId: "c1" }, { connectionId: "c2", usePreviousSourceParameters: true }],
      cancelUnwritables: true,
    });
    mutate({ items: [{ connectionId: "c1" }], cancelUnwritables: undefined });
    // @ts-expect-error the items are a field of the variables
    mutate([{ connectionId: "c1" }]);
    // @ts-expect-error each item is a RefreshConnection
    mutate({ items: ["c1"] });
    // @ts-expect-error cancelUnwritables is true or false
    mutate({ items: [{ connectionId: "c1" }], cancelUnwritables: "yes" });
  });

  test("the hook owns its function and never retries; limits and a QueryClient are its own", () => {
    useRefreshBatch({ timeoutMs: 5_000, mutationKey: ["mine"] }, queryClient);
    // @ts-expect-error a retried POST may start the runs twice
    useRefreshBatch({ retry: 1 });
    // @ts-expect-error the hook owns the request
    useRefreshBatch({ mutationFn: () => Promise.resolve({}) });
    // @ts-expect-error cancelUnwritables is chosen per batch, in mutate
    useRefreshBatch({ cancelUnwritables: true });
  });
});

describe("useRefreshBatchStatus types", () => {
  test("data is a RefreshBatchStatus: the batch, its outcome and each child's; error is a PrepError", () => {
    const status = useRefreshBatchStatus("b1", { pollIntervalMs: 500 });
    expectTypeOf(status.data).toEqualTypeOf<RefreshBatchStatus | undefined>();
    expectTypeOf(status.error).toEqualTypeOf<PrepError | null>();
    if (status.isSuccess) {
      expectTypeOf(status.data.batch).toEqualTypeOf<RefreshBatch>();
      expectTypeOf(status.data.outcome).toEqualTypeOf<RunOutcome | undefined>();
      expectTypeOf(status.data.children).toEqualTypeOf<RefreshStatus[]>();
      expectTypeOf(status.data.children[0]?.run).toEqualTypeOf<ConnectionRun | undefined>();
    }
  });

  test("one options object holds how to poll and TanStack options; a QueryClient comes last", () => {
    const { data } = useRefreshBatchStatus(
      "b1",
      { workspaceId: "w1", pollIntervalMs: 500, select: (s) => s.children.length },
      queryClient,
    );
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
    useRefreshBatchStatus("b1", { queryKey: ["x"] });
    // @ts-expect-error the third argument is a QueryClient
    useRefreshBatchStatus("b1", {}, { select: () => 1 });
  });
});
