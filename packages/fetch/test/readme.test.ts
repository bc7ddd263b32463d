import { COMPILE_TIMEOUT_MS, typecheckReadme } from "@wdata-prep/checks/readme";
import { expect, test } from "vitest";

/** What the examples of the README take as given: IDs, a token, a signal, a client. */
const globals = `
declare const prep: import("@wdata-prep/fetch").PrepClient;
declare const connectionId: string;
declare const connectionIds: string[];
declare const a: string;
declare const b: string;
declare const sourceId: string;
declare const destinationId: string;
declare const token: string;
declare const clientId: string;
declare const clientSecret: string;
declare const clientCredentials: import("@wdata-prep/fetch").ClientCredentials;
declare const signal: AbortSignal;
declare const session: { accessToken(): Promise<string> };
declare const forwarded: Request;
`;

test("every TypeScript example of the README compiles against the built package, as a strict consumer compiles it", {
  timeout: COMPILE_TIMEOUT_MS,
}, () => {
  const strictest = { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
  expect(typecheckReadme(new URL("../README.md", import.meta.url), globals, strictest)).toEqual([]);
});
