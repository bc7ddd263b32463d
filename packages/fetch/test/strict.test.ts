import { COMPILE_TIMEOUT_MS, typecheckModules } from "@wdata-prep/checks/readme";
import { expect, test } from "vitest";

// Every option of every function, as a consumer compiles it with `exactOptionalPropertyTypes`:
// a value that may be `undefined` is taken where the option may be left out, as TanStack Query's
// and openai-node's options take it. At run time, `undefined` is an option left out
// (client.test.ts).
const consumer = `
import { createPrepClient, createTokenProvider } from "@wdata-prep/fetch";

declare function maybe<T>(): T | undefined;
const request = {
  signal: maybe<AbortSignal>(),
  timeoutMs: maybe<number>(),
  maxRetries: maybe<number>(),
  headers: maybe<Record<string, string>>(),
};
const wait = {
  ...request,
  deadlineMs: maybe<number>(),
  pollIntervalMs: maybe<number>(),
  workspaceId: maybe<string>(),
};

const prep = createPrepClient({
  region: maybe(),
  baseUrl: maybe(),
  cacheScope: maybe(),
  token: maybe(),
  clientCredentials: maybe(),
  maxRetries: maybe(),
  timeoutMs: maybe(),
  maxRequestsPerSecond: maybe(),
  fetch: maybe(),
  headers: maybe(),
  logger: maybe(),
  logLevel: maybe(),
});
createTokenProvider(
  { clientId: "id", clientSecret: "secret", tokenUrl: maybe(), scope: maybe() },
  { region: maybe(), fetch: maybe(), timeoutMs: maybe(), maxRetries: maybe() },
);
await prep.getConnection("c", { ...request, workspaceId: maybe() });
await prep.listConnections({}, { ...request, maxPages: maybe() });
await prep.refreshConnection("c", {}, request);
await prep.getRefreshStatus("c", { ...request, jobId: maybe(), workspaceId: maybe() });
await prep.refreshBatch([], { ...request, cancelUnwritables: maybe() });
await prep.getRefreshBatchStatus("b", { ...request, workspaceId: maybe() });
await prep.waitForRefresh("c", { ...wait, jobId: maybe(), onProgress: maybe() });
await prep.refreshAndWait("c", {}, { ...wait, onProgress: maybe() });
await prep.waitForBatch("b", { ...wait, onProgress: maybe() });
await prep.refreshBatchAndWait([], { ...wait, onProgress: maybe(), cancelUnwritables: maybe() });
await prep.refreshMany([], {
  ...request,
  wait: maybe(),
  deadlineMs: maybe(),
  pollIntervalMs: maybe(),
  concurrency: maybe(),
  onProgress: maybe(),
  cancelUnwritables: maybe(),
});
`;

test("every option takes a value that may be undefined, compiled with exactOptionalPropertyTypes against the built package", {
  timeout: COMPILE_TIMEOUT_MS,
}, () => {
  const name = new URL("./strict-consumer.ts", import.meta.url).pathname;
  const module = { name, text: consumer, at: (line: number) => `consumer:${line + 1}` };
  expect(
    typecheckModules(new URL(".", import.meta.url).pathname, "export {};", [module], {
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
    }),
  ).toEqual([]);
});
