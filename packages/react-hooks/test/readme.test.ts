// @vitest-environment node
import { COMPILE_TIMEOUT_MS, typecheckReadme } from "@wdata-prep/checks/readme";
import { expect, test } from "vitest";

/** What the examples of the README take as given: a client, a QueryClient, IDs, a token, the app. */
const globals = `
declare const prep: import("@wdata-prep/fetch").PrepClient;
declare const queryClient: import("@tanstack/react-query").QueryClient;
declare const connectionId: string;
declare const destinationId: string;
declare const token: string;
declare function App(): import("react").JSX.Element;
`;

test("every TypeScript example of the README compiles against the built package, as a strict consumer compiles it", {
  timeout: COMPILE_TIMEOUT_MS,
}, () => {
  const strictest = { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
  expect(typecheckReadme(new URL("../README.md", import.meta.url), globals, strictest)).toEqual([]);
});
