import { describe, expect, test } from "vitest";
import { prepKeys } from "./keys.ts";

describe("prepKeys", () => {
  test("go from the broadest to the narrowest", () => {
    expect(prepKeys.all).toEqual(["wdata-prep"]);
    expect(prepKeys.connections()).toEqual(["wdata-prep", "connections"]);
    expect(prepKeys.connection("c1", { workspaceId: "w1" })).toEqual([
      "wdata-prep",
      "connections",
      "c1",
      { workspaceId: "w1" },
    ]);
  });

  test("leave an absent workspaceId out of the object", () => {
    expect(prepKeys.connection("c1")).toEqual(["wdata-prep", "connections", "c1", {}]);
    const [, , , options] = prepKeys.connection("c1", { workspaceId: undefined });
    expect(Object.keys(options)).toEqual([]);
  });
});
