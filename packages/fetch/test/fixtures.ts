import { inspect } from "node:util";
import type { Connection, ConnectionResponse } from "@wdata-prep/core";

/** A realistic connection, as the API describes one. */
export const connection: Connection = {
  connectionId: "0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e",
  created: "2026-03-02T14:21:07Z",
  createdBy: "V0ZVc2VyHzU2NDYyODk1NDQ3MjE5MjA",
  description: "Monthly revenue by region",
  destinationId: "9b2e7d4a1c3f4e5a8b6c0d2e4f6a8b1c",
  destinationType: "spreadsheet_section",
  destinationWorkspaceId: "7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b",
  lastRun: {
    connectionId: "0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e",
    jobId: "4e8c2a6f0b1d4c3e9a7f5b2d8c6e0a14",
    sourceStatus: "complete",
    destinationStatus: "complete",
    updated: "2026-11-20T09:00:41Z",
  },
  name: "Revenue by region",
  sourceId: "5c3a1e7f9b2d4e6a8c0f2b4d6e8a1c3f",
  sourceType: "wdata_query",
  workspaceId: "7a1c9e3b5d2f4a6c8e0b1d3f5a7c9e2b",
};

/** The success envelope of `connection`. */
export const envelope: ConnectionResponse = { body: connection, code: 200 };

/** A bearer token that must never appear in an error. */
export const token = "tok_live_4f9c2e7a1b3d5f6e8a0c";

/** Every way an error can be shown or logged: none of them may hold a secret. */
export function renderings(error: Error): string[] {
  const { message, stack, cause } = error;
  return [
    message,
    String(stack),
    String(error),
    JSON.stringify(error),
    JSON.stringify(cause ?? ""),
    inspect(error, { depth: 10 }),
  ];
}
