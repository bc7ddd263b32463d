import { randomUUID } from "node:crypto";
import type { RequestListener } from "node:http";
import { answerCorsPreflight } from "./answerCorsPreflight.ts";
import { answerFault } from "./answerFault.ts";
import { corsHeaders } from "./corsHeaders.ts";
import type { FaultQueue } from "./FaultQueue.ts";
import type { MutableRecordedRequest } from "./MutableRecordedRequest.ts";
import type { ResolvedOptions } from "./ResolvedOptions.ts";
import { recordRequest } from "./recordRequest.ts";
import { routeRequest } from "./routeRequest.ts";

/**
 * Handles every request: records it, lets the next queued fault answer it (or else the API
 * routes), waits `latencyMs`, then answers. A client that goes away first is recorded as
 * aborted and gets nothing; nothing is thrown or logged.
 */
export function createRequestListener(server: {
  options: ResolvedOptions;
  faults: FaultQueue;
  /** Receives each request as it arrives, and a promise that settles once its outcome is known. */
  onRequest(request: MutableRecordedRequest, settled: Promise<void>): void;
  isClosing(): boolean;
}): RequestListener {
  return (request, response) => {
    // A client that disconnects while still sending makes the request emit "error"; the
    // "close" listener below records that as an abort.
    request.on("error", () => {});
    // Reads and discards any request body, so that the keep-alive connection stays usable.
    request.resume();
    if (answerCorsPreflight(request, response)) return;

    const recorded = recordRequest(request, randomUUID());
    const fault = server.faults.take();
    const answer = fault
      ? answerFault(fault)
      : routeRequest({ ...recorded, authorization: request.headers.authorization }, server.options);

    let dropped = false;
    const timer = setTimeout(respond, server.options.latencyMs);
    const settled = new Promise<void>((settle) => {
      response.on("close", () => {
        clearTimeout(timer);
        if (!response.writableFinished && !dropped && !server.isClosing()) recorded.aborted = true;
        settle();
      });
    });
    server.onRequest(recorded, settled);

    function respond(): void {
      if (response.destroyed) return;
      if (answer === "drop") {
        dropped = true;
        response.destroy();
        return;
      }
      const payload = JSON.stringify(answer.body);
      response.writeHead(answer.status, {
        ...corsHeaders,
        ...answer.headers,
        "cache-control": "no-store",
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(payload),
        "x-request-id": recorded.requestId,
      });
      response.end(payload);
      recorded.status = answer.status;
    }
  };
}
