import {
  type PrepMockServer,
  type PrepMockServerOptions,
  startPrepMockServer,
} from "@wdata-prep/mock-server";
import { onTestFinished } from "vitest";
import { token } from "./fixtures.ts";

/**
 * The embedded Prep API on 127.0.0.1, accepting only `token`, its runs finished on their first
 * status read unless `runDurationMs` says otherwise; closed when the current test finishes.
 */
export async function startMockApi(options: PrepMockServerOptions = {}): Promise<PrepMockServer> {
  const server = await startPrepMockServer({ token, runDurationMs: 0, ...options });
  onTestFinished(() => server.close());
  return server;
}
