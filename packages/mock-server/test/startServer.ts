// Starting a mock server for one test, and the URLs and seed data the tests share.
import type { Connection } from "@wdata-prep/core";
import { onTestFinished } from "vitest";
import type { PrepMockServerOptions } from "../src/options.ts";
import { seedConnections } from "../src/seed.ts";
import { type PrepMockServer, startPrepMockServer } from "../src/server.ts";

/** Starts a mock server that is closed when the current test finishes. */
export async function startServer(options?: PrepMockServerOptions): Promise<PrepMockServer> {
  const server = await startPrepMockServer(options);
  onTestFinished(() => server.close());
  return server;
}

/** The URL of `getConnection` for `id` (given as it goes into the path) on `server`. */
export function connectionUrl(server: PrepMockServer, id: string, query = ""): string {
  return `${server.url}/api/v1/connections/${id}${query}`;
}

/** The first seeded connection: the spec's example. */
export const first = seedConnections[0] as Connection & {
  connectionId: string;
  workspaceId: string;
};
