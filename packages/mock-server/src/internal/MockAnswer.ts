import type { ConnectionResponse, SingleError } from "@wdata-prep/core";

/** What the mock server answers to one request: a status, a JSON body and extra headers. */
export interface MockAnswer {
  status: number;
  body: ConnectionResponse | SingleError;
  headers?: Record<string, string>;
}
