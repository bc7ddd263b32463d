import { typecheckJsdocExamples } from "@wdata-prep/checks/examples";
import { COMPILE_TIMEOUT_MS } from "@wdata-prep/checks/readme";
import { expect, test } from "vitest";

test("every @example of the doc comments compiles against the built package, as a strict consumer compiles it", {
  timeout: COMPILE_TIMEOUT_MS,
}, () => {
  const strictest = { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
  expect(typecheckJsdocExamples(new URL("..", import.meta.url), "", strictest)).toEqual([]);
});
