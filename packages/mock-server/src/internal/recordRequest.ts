import type { IncomingMessage } from "node:http";
import type { MutableRecordedRequest } from "./MutableRecordedRequest.ts";
import { redactHeaders } from "./redactHeaders.ts";

/** Describes an incoming request for `server.requests`, before it is answered. */
export function recordRequest(request: IncomingMessage, requestId: string): MutableRecordedRequest {
  const target = request.url ?? "/";
  const queryStart = target.indexOf("?");
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const firstValues = new Map<string, string>();
  if (queryStart !== -1) {
    for (const [name, value] of new URLSearchParams(target.slice(queryStart + 1))) {
      if (!firstValues.has(name)) firstValues.set(name, value);
    }
  }
  return {
    requestId,
    method: request.method ?? "GET",
    path,
    query: Object.fromEntries(firstValues),
    headers: redactHeaders(request.headers),
    status: undefined,
    aborted: false,
  };
}
