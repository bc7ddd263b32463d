// Fetches from a running mock server and checks that the answer is one the spec allows: a status
// the spec lists (or one of the two the README documents as the mock's own), JSON headers, an
// `x-request-id`, and a body valid against the schema of its status.

import { spec, validateAgainst } from "@wdata-prep/checks/spec";
import { expect } from "vitest";

const specStatuses = Object.keys(spec.paths["/api/v1/connections/{connectionId}"].get.responses);
/** 405 for a method the path does not have, and 503 from the "unavailable" fault. */
const mockOnlyStatuses = ["405", "503"];

/** An answer of the mock server whose body was validated against the spec. */
export interface SpecResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of bodies already validated against the spec
  body: any;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Sends a request and validates the JSON body: `ConnectionResponse` for 200, otherwise
 * `ErrorResponse` (and its `SingleError` branch), with `code` equal to the HTTP status.
 */
export async function fetchSpecResponse(url: string, init?: RequestInit): Promise<SpecResponse> {
  const response = await fetch(url, init);
  expect([...specStatuses, ...mockOnlyStatuses]).toContain(String(response.status));
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(response.headers.get("x-request-id")).toMatch(uuid);
  const body = JSON.parse(await response.text());
  if (response.status === 200) {
    expect(validateAgainst("ConnectionResponse", body)).toEqual([]);
  } else {
    expect(validateAgainst("ErrorResponse", body)).toEqual([]);
    expect(validateAgainst("SingleError", body)).toEqual([]);
  }
  expect(body.code).toBe(response.status);
  return { status: response.status, headers: response.headers, body };
}
