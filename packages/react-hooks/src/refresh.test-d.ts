import { QueryClient, useQuery } from "@tanstack/react-query";
import type { PrepClient, PrepError } from "@wdata-prep/fetch";
import { describe, expectTypeOf, test } from "vitest";
import { type RefreshStatus, refreshStatusQueryOptions } from "./refresh.ts";

declare const client: PrepClient;
const queryClient = new QueryClient();

describe("refreshStatusQueryOptions types", () => {
  test("the key carries the RefreshStatus to the QueryClient", async () => {
    const options = refreshStatusQueryOptions(client, "c1", { jobId: "j1" });
    expectTypeOf(queryClient.getQueryData(options.queryKey)).toEqualTypeOf<
      RefreshStatus | undefined
    >();
    expectTypeOf(await queryClient.fetchQuery(options)).toEqualTypeOf<RefreshStatus>();
    const { data, error } = useQuery(options);
    expectTypeOf(data).toEqualTypeOf<RefreshStatus | undefined>();
    expectTypeOf(error).toEqualTypeOf<PrepError | null>();
  });

  test("needs both IDs: a server knows the run it fetches", () => {
    // @ts-expect-error the jobId is required
    refreshStatusQueryOptions(client, "c1", {});
    // @ts-expect-error the jobId is a string
    refreshStatusQueryOptions(client, "c1", { jobId: undefined });
    // @ts-expect-error the connection ID is a string
    refreshStatusQueryOptions(client, undefined, { jobId: "j1" });
  });
});
