import { createPrepClient } from "@wdata-prep/fetch";
import { describe, expect, test } from "vitest";
import { forClient, prepKeys } from "./keys.ts";

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
  test("ends with the client's API and never its token", () => {
    const client = createPrepClient({ region: "eu", token: "secret-token-value" });
    const key = forClient(prepKeys.connection("c1"), client);

    expect(key).toEqual([
      ...prepKeys.connection("c1"),
      { api: "https://h.eu.wdesk.com/s/wdata/prep" },
    ]);
    expect(JSON.stringify(key)).not.toContain("secret-token-value");
  });
});
