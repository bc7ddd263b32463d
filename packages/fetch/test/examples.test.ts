import { typecheckJsdocExamples } from "@wdata-prep/checks/examples";
import { COMPILE_TIMEOUT_MS } from "@wdata-prep/checks/readme";
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

test("every @example of the doc comments compiles against the built package, as a strict consumer compiles it", {
  timeout: COMPILE_TIMEOUT_MS,
}, () => {
  const strictest = { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
  expect(typecheckJsdocExamples(new URL("..", import.meta.url), globals, strictest)).toEqual([]);
});
