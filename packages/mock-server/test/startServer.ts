// Starting a mock server for one test, waiting for what it records, and the URLs and seed data
// the tests share.
import type { Connection } from "@wdata-prep/core";
import { onTestFinished, vi } from "vitest";
import type { PrepMockServerOptions } from "../src/options.ts";
import { seedConnections } from "../src/seed.ts";
import { type PrepMockServer, startPrepMockServer } from "../src/server.ts";
import { fetchSpecResponse, type SpecResponse } from "./fetchSpecResponse.ts";

/** A run duration no test comes near: a run started with it is still going when the test ends. */
export const forever = 2 ** 31 - 1;

/** Starts a mock server that is closed when the current test finishes. */
export async function startServer(options?: PrepMockServerOptions): Promise<PrepMockServer> {
  const server = await startPrepMockServer(options);
  onTestFinished(() => server.close());
  return server;
}

/** The URL of `getConnection` for `id` (given as it goes into the path) on `server`. */
export function connectionUrl(server: { url: string }, id: string, query = ""): string {
  return `${server.url}/api/v1/connections/${id}${query}`;
}

/** The URL of `listConnections` on `server`, with the given query parameters. */
export function listUrl(
  server: PrepMockServer,
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
  server: PrepMockServer,
  connectionId: string,
  body: unknown = {},
): Promise<SpecResponse> {
  return sendJson(`${connectionUrl(server, connectionId)}/refresh`, body);
}

/** Reads a run with `getRefreshStatus`: the one with `jobId`, or the latest. */
export function runStatus(
  server: PrepMockServer,
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
  server: PrepMockServer,
  items: unknown,
  cancelUnwritables?: boolean | string,
): Promise<SpecResponse> {
  const query = cancelUnwritables === undefined ? "" : `?cancelUnwritables=${cancelUnwritables}`;
  return sendJson(`${server.url}/api/v1/connections/batch/refresh${query}`, items);
}

/** Reads a batch with `getRefreshBatchStatus`. */
export function batchStatus(
  server: PrepMockServer,
  batchId: string,
  query = "",
): Promise<SpecResponse> {
  return fetchSpecResponse(
    `${server.url}/api/v1/connections/batch/refresh/${encodeURIComponent(batchId)}${query}`,
  );
}
