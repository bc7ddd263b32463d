import type { IncomingMessage, ServerResponse } from "node:http";
import { corsHeaders } from "./corsHeaders.ts";

/**
 * Answers a browser's CORS preflight (`OPTIONS` with `Origin` and
 * `Access-Control-Request-Method`) and returns `true`; returns `false` for any other request.
 */
export function answerCorsPreflight(request: IncomingMessage, response: ServerResponse): boolean {
  const { origin } = request.headers;
  const requestedMethod = request.headers["access-control-request-method"];
  if (request.method !== "OPTIONS" || !origin || !requestedMethod) return false;
  response.writeHead(204, {
    ...corsHeaders,
    "access-control-allow-methods": "GET",
    "access-control-allow-headers": request.headers["access-control-request-headers"] ?? "",
    "access-control-max-age": "600",
  });
  response.end();
  return true;
}
