// Starting the embedded API for one test, over either transport (a node:http server, or MSW
// handlers answering the global fetch), waiting for what it records, and the URLs and seed data
// the tests share.
import { type Connection, PREP_SERVERS } from "@wdata-prep/core";
import { type SetupServer, setupServer } from "msw/node";
import { onTestFinished, vi } from "vitest";
import type { PrepMockApi } from "../src/engine.ts";
import { createPrepHandlers } from "../src/msw.ts";
import type { PrepMockApiOptions, PrepMockServerOptions } from "../src/options.ts";
import { seedConnections } from "../src/seed.ts";
import { type PrepMockServer, startPrepMockServer } from "../src/server.ts";
import { fetchSpecResponse, type SpecResponse } from "./fetchSpecResponse.ts";

/** A run duration no test comes near: a run started with it is still going when the test ends. */
export const forever = 2 ** 31 - 1;

/** The embedded API as a test calls it: its base URL, and its requests, faults and reset. */
export interface TestApi extends PrepMockApi {
  readonly url: string;
}

/** Starts a mock server that is closed when the current test finishes. */
export async function startServer(options?: PrepMockServerOptions): Promise<PrepMockServer> {
  const server = await startPrepMockServer(options);
  onTestFinished(() => server.close());
  return server;
}

/** The MSW server of the current test, and how many APIs it answers. */
let msw: { server: SetupServer; apis: number } | undefined;

/**
 * Answers the global fetch with the MSW handlers of the embedded API until the current test
 * finishes; any request they do not answer fails. The first API of a test answers at every
 * regional base URL, and is called at the US one; each further API of the same test at a base
 * URL of its own.
 */
export async function startHandlers(options?: PrepMockApiOptions): Promise<TestApi> {
  const url = msw ? `https://api-${msw.apis + 1}.example.test/s/wdata/prep` : PREP_SERVERS.us;
  const prep = createPrepHandlers(msw ? { ...options, baseUrl: url } : options);
  if (msw) {
    msw.server.use(...prep.handlers);
    msw.apis += 1;
  } else {
    const server = setupServer(...prep.handlers);
    server.listen({ onUnhandledRequest: "error" });
    msw = { server, apis: 1 };
    onTestFinished(() => {
      server.close();
      msw = undefined;
    });
  }
  return {
    url,
    get requests() {
      return prep.requests;
    },
    fault: (fault) => prep.fault(fault),
    reset: () => prep.reset(),
  };
}

/**
 * The two transports of the embedded API, for the behaviour they share: `describe.each` runs a
 * suite over both, so that they cannot drift apart.
 */
export const transports: readonly {
  name: string;
  start: (options?: PrepMockApiOptions) => Promise<TestApi>;
}[] = [
  { name: "node:http", start: startServer },
  { name: "MSW", start: startHandlers },
];

/** The URL of `getConnection` for `id` (given as it goes into the path) on `server`. */
export function connectionUrl(server: { url: string }, id: string, query = ""): string {
  return `${server.url}/api/v1/connections/${id}${query}`;
}

/** The URL of `listConnections` on `server`, with the given query parameters. */
export function listUrl(
  server: TestApi,
  query: Readonly<Record<string, string | number>> = {},
): string {
  const search = new URLSearchParams(
    Object.entries(query).map(([name, value]) => [name, String(value)]),
  ).toString();
  return `${server.url}/api/v1/connections${search ? `?${search}` : ""}`;
}

/** The first seeded connection: the spec's example. */
export const first = seedConnections[0] as Connection & {
  connectionId: string;
  workspaceId: string;
};

/**
 * Resolves once `check` passes, checking again every few milliseconds while the server works
 * (a request arriving, an abort being noticed). The only limit is one no healthy server comes
 * near, even on a busy machine; it is shorter than the test's own, so a failure shows `check`'s
 * last assertion instead of a bare timeout.
 */
export function eventually(check: () => void): Promise<void> {
  return vi.waitFor(check, { timeout: 15_000, interval: 5 });
}

/** Sends `body` as JSON with `method` (POST by default) and validates the answer against the spec. */
export function sendJson(url: string, body: unknown, method = "POST"): Promise<SpecResponse> {
  return fetchSpecResponse(url, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Runs a connection: `refreshConnection` with `body` (by default `{}`). */
export function refresh(
  server: TestApi,
  connectionId: string,
  body: unknown = {},
): Promise<SpecResponse> {
  return sendJson(`${connectionUrl(server, connectionId)}/refresh`, body);
}

/** Reads a run with `getRefreshStatus`: the one with `jobId`, or the latest. */
export function runStatus(
  server: TestApi,
  connectionId: string,
  jobId?: string,
): Promise<SpecResponse> {
  const query = jobId === undefined ? "" : `?jobId=${encodeURIComponent(jobId)}`;
  return fetchSpecResponse(`${connectionUrl(server, connectionId)}/status${query}`);
}

/** The two statuses of a run or a batch, as `"source/destination"`. */
export function sides(run: { sourceStatus?: string; destinationStatus?: string }): string {
  return `${run.sourceStatus}/${run.destinationStatus}`;
}

/** Runs a batch: `refreshBatch` with `items`, and `?cancelUnwritables=…` when given. */
export function refreshBatch(
  server: TestApi,
  items: unknown,
  cancelUnwritables?: boolean | string,
): Promise<SpecResponse> {
  const query = cancelUnwritables === undefined ? "" : `?cancelUnwritables=${cancelUnwritables}`;
  return sendJson(`${server.url}/api/v1/connections/batch/refresh${query}`, items);
}

/** Reads a batch with `getRefreshBatchStatus`. */
export function batchStatus(server: TestApi, batchId: string, query = ""): Promise<SpecResponse> {
  return fetchSpecResponse(
    `${server.url}/api/v1/connections/batch/refresh/${encodeURIComponent(batchId)}${query}`,
  );
}
