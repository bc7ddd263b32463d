import { typecheckJsdocExamples } from "@wdata-prep/checks/examples";
import { expect, test } from "vitest";

// A compile is work for the CPU alone, which a machine busy with other tests shares: it gets
// three minutes, not the twenty seconds of an ordinary test.
test("every @example of the doc comments compiles against the built package, as a strict consumer compiles it", {
  timeout: 180_000,
}, () => {
  const strictest = { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
  expect(typecheckJsdocExamples(new URL("..", import.meta.url), "", strictest)).toEqual([]);
});
