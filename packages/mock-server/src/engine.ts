// The embedded API as one function of a fetch `Request` to a `Response`: it records the request,
// reads its body, lets a queued fault answer or else the API (the token, the rate limit, the
// operations), waits `latencyMs` and answers. Its transports, the node:http server and the MSW
// handlers, only carry requests to it and its answers back, so the two cannot drift apart.
import { errorAnswer, type MockAnswer } from "./answers.ts";
import { type RequestBody, receiveBody, recordedBody } from "./body.ts";
import { answerFault, createFaultQueue, type MockFault, normalizeFault } from "./faults.ts";
import { bearerToken, createRateLimiter, rateLimited, refuseToken } from "./gateway.ts";
import type { ResolvedApiOptions } from "./options.ts";
import {
  createRequestLog,
  type MutableRecordedRequest,
  type RecordedRequest,
  recordRequest,
} from "./requests.ts";
import { routeRequest } from "./routes.ts";
import { createApiState } from "./state.ts";

/** What the embedded API lets its user do, however it is served: read, fault and reset it. */
export interface PrepMockApi {
  /**
   * The latest requests received since the start or the last `reset()` (at most
   * `maxRecordedRequests` of them), in order of arrival.
   */
  readonly requests: readonly RecordedRequest[];
  /** Queues a fault that answers the next `fault.count` requests (after any faults queued before it). */
  fault(fault: MockFault): void;
  /**
   * Forgets the recorded requests, drops every queued fault, gives every token its whole
   * `rateLimit` burst again and restores the served connections as they were at the start: the
   * runs and batches the API started are gone.
   */
  reset(): void;
}

/** The embedded API as its transports see it. */
export interface Engine extends PrepMockApi {
  /**
   * Answers one request to the API whose base URL has the path `basePath` (such as
   * `"/s/wdata/prep"`; `""` when the API has a server of its own). Never rejects. Resolves with
   * a network error (`Response.error()`) for a `drop` fault, for a client that went away first
   * (`request.signal`), and for every request still waiting when the engine closes.
   */
  handle(request: Request, basePath?: string): Promise<Response>;
  /**
   * Ends every answer still waiting, without counting those requests as aborted, and resolves
   * once every recorded request is final.
   */
  close(): Promise<void>;
}

/** Creates the embedded API from its checked options. */
export function createEngine(options: ResolvedApiOptions): Engine {
  const faults = createFaultQueue();
  const log = createRequestLog(options.maxRecordedRequests);
  const limiter = options.rateLimit && createRateLimiter(options.rateLimit);
  let state = createApiState(options);
  const pending = new Set<Promise<Response>>();
  const closing = new AbortController();
  // The waits under way, each ended by a call when the engine closes: one listener per waiting
  // request on `closing.signal` would make Node warn of a leak past ten at once.
  const waits = new Set<() => void>();

  /** The API's answer, once the request's body has arrived: the gateway's, else the route's. */
  async function answerApi(
    request: Request,
    recorded: RecordedRequest,
    query: Readonly<Record<string, string>>,
    body: RequestBody,
  ): Promise<MockAnswer> {
    const authorization = request.headers.get("authorization");
    const refused = await refuseToken(authorization, options.token);
    if (refused) return refused;
    if (limiter && options.rateLimit) {
      const over = limiter.take(bearerToken(authorization) ?? "", Date.now());
      if (over) return rateLimited(options.rateLimit, over.retryAfterSeconds);
    }
    const { method, path } = recorded;
    return routeRequest(
      { method, path, query, body },
      { state, runDurationMs: options.runDurationMs },
    );
  }

  async function respond(request: Request, basePath: string): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.startsWith(basePath)
      ? url.pathname.slice(basePath.length) || "/"
      : url.pathname;
    const query = firstValues(url.searchParams);
    const recorded = recordRequest(request, path, query);
    log.add(recorded);
    const fault = faults.take();

    let body: RequestBody;
    try {
      body = await receiveBody(request);
    } catch {
      // The body stopped arriving: the client went away (or the server is closing).
      return noAnswer(recorded, "aborted");
    }
    if (closing.signal.aborted) return noAnswer(recorded, "closed");
    if (request.signal.aborted) return noAnswer(recorded, "aborted");
    recorded.body = recordedBody(body, options.maxRecordedBodyBytes);
    recorded.bodyBytes = body.kind === "none" ? 0 : body.bytes;

    let answer: MockAnswer | "drop";
    // Nothing may throw out of the engine: its transports would end the process that hosts it.
    // Whatever fails is answered 500, as an API answers its own fault.
    try {
      answer = fault ? answerFault(fault) : await answerApi(request, recorded, query, body);
    } catch {
      answer = failed;
    }
    const waited = await wait(options.latencyMs, request.signal, closing.signal, waits);
    if (waited !== "elapsed") return noAnswer(recorded, waited);
    if (answer === "drop") return Response.error();
    let response: Response;
    try {
      response = toResponse(answer, recorded.requestId);
    } catch {
      response = toResponse(failed, recorded.requestId);
    }
    recorded.status = response.status;
    return response;
  }

  /** Ends a request without an answer: aborted, unless the engine is closing. */
  function noAnswer(recorded: MutableRecordedRequest, why: "aborted" | "closed"): Response {
    if (why === "aborted" && !closing.signal.aborted) recorded.aborted = true;
    return Response.error();
  }

  return {
    get requests() {
      return log.list();
    },
    fault(fault) {
      faults.add(normalizeFault(fault));
    },
    reset() {
      log.clear();
      faults.clear();
      limiter?.clear();
      state = createApiState(options);
    },
    handle(request, basePath = "") {
      const answered = respond(request, basePath).catch(() =>
        toResponse(failed, crypto.randomUUID()),
      );
      pending.add(answered);
      void answered.then(() => pending.delete(answered));
      return answered;
    },
    async close() {
      closing.abort();
      for (const end of waits) end();
      await Promise.all(pending);
    },
  };
}

/** The answer to a request the API failed to answer. */
const failed = errorAnswer(500, "The embedded API failed to answer this request");

/** The `Response` of an answer: its JSON body, its headers, and the request's `x-request-id`. */
function toResponse(answer: MockAnswer, requestId: string): Response {
  return new Response(JSON.stringify(answer.body), {
    status: answer.status,
    headers: {
      ...answer.headers,
      "cache-control": "no-store",
      "content-type": "application/json; charset=utf-8",
      "x-request-id": requestId,
    },
  });
}

/** The query parameters; when a name repeats, its first value. */
function firstValues(params: URLSearchParams): Record<string, string> {
  const first = new Map<string, string>();
  for (const [name, value] of params) if (!first.has(name)) first.set(name, value);
  return Object.fromEntries(first);
}

/**
 * Waits `ms` milliseconds, unless the client goes away (`client` aborts) or the engine closes
 * first (`closing` aborts, and then calls each function in `waits`), and says which came first.
 */
function wait(
  ms: number,
  client: AbortSignal,
  closing: AbortSignal,
  waits: Set<() => void>,
): Promise<"elapsed" | "aborted" | "closed"> {
  if (closing.aborted) return Promise.resolve("closed");
  if (client.aborted) return Promise.resolve("aborted");
  return new Promise((resolve) => {
    const end = (outcome: "elapsed" | "aborted" | "closed") => {
      clearTimeout(timer);
      client.removeEventListener("abort", onAbort);
      waits.delete(onClose);
      resolve(outcome);
    };
    const onAbort = () => end("aborted");
    const onClose = () => end("closed");
    const timer = setTimeout(end, ms, "elapsed");
    client.addEventListener("abort", onAbort);
    waits.add(onClose);
  });
}
