import { typecheckJsdocExamples } from "@wdata-prep/checks/examples";
import { expect, test } from "vitest";

/** What the examples of the doc comments take as given: a client, IDs, credentials, headers. */
const globals = `
declare const prep: import("@wdata-prep/fetch").PrepClient;
declare const connectionId: string;
declare const destinationId: string;
declare const token: string;
declare const clientId: string;
declare const clientSecret: string;
declare const headers: Headers;
`;

// A compile is work for the CPU alone, which a machine busy with other tests shares: it gets
// three minutes, not the twenty seconds of an ordinary test.
test("every @example of the doc comments compiles against the built package, as a strict consumer compiles it", {
  timeout: 180_000,
}, () => {
  const strictest = { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
  expect(typecheckJsdocExamples(new URL("..", import.meta.url), globals, strictest)).toEqual([]);
});
