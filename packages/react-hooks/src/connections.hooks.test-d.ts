import type { InfiniteData } from "@tanstack/react-query";
import type { Connection } from "@wdata-prep/core";
import type { PrepError } from "@wdata-prep/fetch";
import { describe, expectTypeOf, test } from "vitest";
import { useConnections } from "./connections.hooks.ts";
import type { ConnectionPageData, ConnectionsData } from "./connections.ts";

describe("useConnections types", () => {
  test("data is named ConnectionsData: pages of items and cursors; error is a PrepError", () => {
    const result = useConnections({ limit: 10 });
    expectTypeOf(result.data).toEqualTypeOf<ConnectionsData | undefined>();
    expectTypeOf<ConnectionsData>().toEqualTypeOf<
      InfiniteData<ConnectionPageData, string | undefined>
    >();
    expectTypeOf(result.error).toEqualTypeOf<PrepError | null>();
    if (result.isSuccess) {
      expectTypeOf(result.data.pages[0]?.items).toEqualTypeOf<Connection[] | undefined>();
      expectTypeOf(result.data.pages[0]?.cursor).toEqualTypeOf<string | undefined>();
    }
    if (result.isError) expectTypeOf(result.error).toEqualTypeOf<PrepError>();
    expectTypeOf(result.hasNextPage).toEqualTypeOf<boolean>();
  });

  test("select receives the pages and decides the type of data", () => {
    const { data } = useConnections(
      {},
      { select: (pages) => pages.pages.flatMap((page) => page.items) },
    );
    expectTypeOf(data).toEqualTypeOf<Connection[] | undefined>();
  });

  test("bad queries and the options the hook owns are refused", () => {
    useConnections();
    // @ts-expect-error destinationType needs destinationId
    useConnections({ destinationType: "spreadsheet" });
    // @ts-expect-error not a filter
    useConnections({ workspaceId: "w1" });
    // @ts-expect-error the hook follows the cursors itself
    useConnections({ cursor: "c" });
    // @ts-expect-error a time limit is a number of milliseconds
    useConnections({}, { timeoutMs: "5s" });
    // @ts-expect-error the hook owns the key
    useConnections({}, { queryKey: ["x"] });
    // @ts-expect-error the hook owns the first page
    useConnections({}, { initialPageParam: 0 });
    // @ts-expect-error the hook owns the cursor rule
    useConnections({}, { getNextPageParam: () => undefined });
  });
});
