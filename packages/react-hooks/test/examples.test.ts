// @vitest-environment node
import { typecheckJsdocExamples } from "@wdata-prep/checks/examples";
import { COMPILE_TIMEOUT_MS } from "@wdata-prep/checks/readme";
import { expect, test } from "vitest";

/**
 * What the examples of the doc comments take as given: a client, a QueryClient, IDs, TanStack's
 * hooks, and the mutations that an example of a status hook follows.
 */
const globals = `
declare const prep: import("@wdata-prep/fetch").PrepClient;
declare const queryClient: import("@tanstack/react-query").QueryClient;
declare const useIsMutating: typeof import("@tanstack/react-query").useIsMutating;
declare const connectionId: string;
declare const id: string;
declare const jobId: string;
declare const batchId: string;
declare const workspaceId: string;
declare const destinationId: string;
declare const a: string;
declare const b: string;
declare const refresh: ReturnType<typeof import("@wdata-prep/react-hooks").useRefreshConnection>;
declare const batch: ReturnType<typeof import("@wdata-prep/react-hooks").useRefreshBatch>;
`;

test("every @example of the doc comments compiles against the built package, as a strict consumer compiles it", {
  timeout: COMPILE_TIMEOUT_MS,
}, () => {
  const strictest = { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
  expect(typecheckJsdocExamples(new URL("..", import.meta.url), globals, strictest)).toEqual([]);
});
