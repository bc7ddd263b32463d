import { hashKey, QueryClient } from "@tanstack/react-query";
import { createPrepClient } from "@wdata-prep/fetch";
import { describe, expect, test } from "vitest";
import { forClient, isForClient, prepKeys, prepMutationKeys } from "./keys.ts";

describe("prepKeys", () => {
  test("go from the broadest to the narrowest", () => {
    expect(prepKeys.all).toEqual(["wdata-prep"]);
    expect(prepKeys.connections()).toEqual(["wdata-prep", "connections"]);
    expect(prepKeys.connection("c1", { workspaceId: "w1" })).toEqual([
      "wdata-prep",
      "connections",
      "detail",
      "c1",
      { workspaceId: "w1" },
    ]);
  });

  test("leave an absent workspaceId out of the object", () => {
    expect(prepKeys.connection("c1")).toEqual(["wdata-prep", "connections", "detail", "c1", {}]);
    const options = prepKeys.connection("c1", { workspaceId: undefined }).at(-1);
    expect(options).toEqual({});
    expect(Object.keys(options ?? { x: 1 })).toEqual([]);
  });
});

describe("a key for one client", () => {
  test("ends with the client's cacheScope, by default its base URL, and never its token", () => {
    const client = createPrepClient({ region: "eu", token: "secret-token-value" });
    const key = forClient(prepKeys.connection("c1"), client);

    expect(key).toEqual([
      ...prepKeys.connection("c1"),
      { cacheScope: "https://h.eu.wdesk.com/s/wdata/prep" },
    ]);
    expect(JSON.stringify(key)).not.toContain("secret-token-value");
  });

  test("is the same for clients of two base URLs that name one cacheScope", () => {
    const onServer = createPrepClient({ region: "eu", token: "t", cacheScope: "prep-eu" });
    const inBrowser = createPrepClient({ baseUrl: "/prep", cacheScope: "prep-eu" });
    const key = forClient(prepKeys.connectionList(), onServer);
    expect(key).toEqual(forClient(prepKeys.connectionList(), inBrowser));
    expect(key.at(-1)).toEqual({ cacheScope: "prep-eu" });
    expect(isForClient(key, inBrowser)).toBe(true);
  });
});

describe("keys of lists, runs and batches", () => {
  test("a list is keyed by its filters and limit, absent fields left out", () => {
    expect(prepKeys.connectionLists()).toEqual(["wdata-prep", "connections", "list"]);
    expect(prepKeys.connectionList()).toEqual(["wdata-prep", "connections", "list", {}]);
    const key = prepKeys.connectionList({ destinationId: "d1", limit: 5, sourceId: undefined });
    expect(key).toEqual(["wdata-prep", "connections", "list", { destinationId: "d1", limit: 5 }]);
    expect(Object.keys(key[3])).toEqual(["destinationId", "limit"]);
  });

  test("equal queries give equal keys, whatever their order or extra fields", () => {
    const a = prepKeys.connectionList({ sourceType: "wdata_query", sourceId: "s1", limit: 5 });
    const b = prepKeys.connectionList({
      limit: 5,
      sourceId: "s1",
      sourceType: "wdata_query",
      destinationId: undefined,
      // A JavaScript caller may pass what a list does not take; it is not part of the list.
      ...({ cursor: "c" } as object),
    });
    expect(hashKey(a)).toBe(hashKey(b));
  });

  test("a run is keyed by its connection and job alone, a batch by its ID alone", () => {
    expect(prepKeys.refreshStatus("c1", "j1")).toEqual(["wdata-prep", "runs", "c1", "j1"]);
    expect(prepKeys.refreshBatchStatus("b1")).toEqual(["wdata-prep", "batches", "b1"]);
  });

  test("each key reaches its own queries and no other kind", () => {
    const client = createPrepClient({ baseUrl: "http://127.0.0.1:1" });
    const queryClient = new QueryClient();
    const keys = {
      detail: prepKeys.connection("c1"),
      otherDetail: prepKeys.connection("c2", { workspaceId: "w1" }),
      list: prepKeys.connectionList({ limit: 5 }),
      otherList: prepKeys.connectionList({ destinationId: "d1" }),
      run: prepKeys.refreshStatus("c1", "j1"),
      otherRun: prepKeys.refreshStatus("c2", "j2"),
      batch: prepKeys.refreshBatchStatus("b1"),
    };
    for (const [name, key] of Object.entries(keys)) {
      queryClient.setQueryData(forClient(key, client), name);
    }
    const reached = (queryKey: readonly unknown[]) =>
      queryClient.getQueriesData({ queryKey }).map(([, name]) => name);

    expect(reached(prepKeys.all)).toHaveLength(7);
    expect(reached(prepKeys.connections())).toEqual(["detail", "otherDetail", "list", "otherList"]);
    expect(reached(prepKeys.connectionLists())).toEqual(["list", "otherList"]);
    expect(reached(prepKeys.connectionList({ limit: 5 }))).toEqual(["list"]);
    expect(reached(prepKeys.connection("c1"))).toEqual(["detail"]);
    expect(reached(prepKeys.connection("c2"))).toEqual(["otherDetail"]);
    expect(reached(prepKeys.refreshStatus("c1", "j1"))).toEqual(["run"]);
    expect(reached(prepKeys.refreshBatchStatus("b1"))).toEqual(["batch"]);
  });
});

describe("isForClient", () => {
  test("tells the keys of one client from another's and from keys of no client", () => {
    const us = createPrepClient({ region: "us", token: "t" });
    const eu = createPrepClient({ region: "eu", token: "t" });
    const key = forClient(prepKeys.connectionList(), us);
    expect(isForClient(key, us)).toBe(true);
    expect(isForClient(key, eu)).toBe(false);
    expect(isForClient(prepKeys.connectionList(), us)).toBe(false);
    expect(isForClient(prepKeys.all, us)).toBe(false);
  });
});

describe("prepMutationKeys", () => {
  test("name each mutation hook under the Prep prefix", () => {
    expect(prepMutationKeys.all).toEqual(["wdata-prep"]);
    expect(prepMutationKeys.refreshConnection()).toEqual(["wdata-prep", "refreshConnection"]);
    expect(prepMutationKeys.refreshBatch()).toEqual(["wdata-prep", "refreshBatch"]);
  });
});
