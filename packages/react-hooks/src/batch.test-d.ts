import { QueryClient, useQuery } from "@tanstack/react-query";
import type { PrepClient, PrepError } from "@wdata-prep/fetch";
import { describe, expectTypeOf, test } from "vitest";
import { type RefreshBatchStatus, refreshBatchStatusQueryOptions } from "./batch.ts";

declare const client: PrepClient;
const queryClient = new QueryClient();

describe("refreshBatchStatusQueryOptions types", () => {
  test("the key carries the RefreshBatchStatus to the QueryClient", async () => {
    const options = refreshBatchStatusQueryOptions(client, "b1");
    expectTypeOf(queryClient.getQueryData(options.queryKey)).toEqualTypeOf<
      RefreshBatchStatus | undefined
    >();
    expectTypeOf(await queryClient.fetchQuery(options)).toEqualTypeOf<RefreshBatchStatus>();
    const { data, error } = useQuery(options);
    expectTypeOf(data).toEqualTypeOf<RefreshBatchStatus | undefined>();
    expectTypeOf(error).toEqualTypeOf<PrepError | null>();
  });

  test("needs the batch's ID and takes only its options", () => {
    // @ts-expect-error a server knows the batch it fetches
    refreshBatchStatusQueryOptions(client, undefined);
    // @ts-expect-error not an option
    refreshBatchStatusQueryOptions(client, "b1", { jobId: "j1" });
  });
});
