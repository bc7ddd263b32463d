import { expect, test } from "vitest";
import { nodeEnv } from "./nodeEnv.ts";

test("is the process environment in Node", () => {
  expect(nodeEnv()).toBe(process.env);
});

test("is undefined where there is no Node process, as in browsers", () => {
  expect(nodeEnv({})).toBeUndefined();
  expect(nodeEnv({ process: { env: { WDATA_PREP_TOKEN: "t" } } })).toBeUndefined();
});

test("is the environment of a runtime that mimics Node", () => {
  const env = { WDATA_PREP_TOKEN: "t" };
  expect(nodeEnv({ process: { versions: { node: "22.0.0" }, env } })).toBe(env);
});
