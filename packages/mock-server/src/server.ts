// The running server: listening, closing, CORS, the API state it answers from (made again by
// `reset()`), and the record of every request it received.
import { randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  maxHeaderSize,
  type RequestListener,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { errorAnswer, type MockAnswer } from "./answers.ts";
import { type RequestBody, receiveBody, recordedBody, redactCredentials } from "./body.ts";
import {
  answerFault,
  createFaultQueue,
  type FaultQueue,
  type MockFault,
  normalizeFault,
} from "./faults.ts";
import { bearerToken, createRateLimiter, rateLimited, refuseToken } from "./gateway.ts";
import { type PrepMockServerOptions, resolveOptions } from "./options.ts";
import {
  createRequestLog,
  type MutableRecordedRequest,
  type RecordedRequest,
  redactHeaders,
} from "./requests.ts";
import { routeMethods, routeRequest } from "./routes.ts";
import { createApiState } from "./state.ts";

/** A running mock Wdata Prep API, as resolved by `startPrepMockServer`. */
export interface PrepMockServer {
  /**
   * The base URL to give a client, such as `http://127.0.0.1:54321` (no trailing slash). The API
   * paths hang off it as they do off `https://h.app.wdesk.com/s/wdata/prep`.
   */
  readonly url: string;
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
   * runs and batches the server started are gone.
   */
  reset(): void;
  /** Stops the server and ends every open connection, including idle keep-alive ones. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts a local Wdata Prep API on `node:http` that serves the connections family as the spec
 * describes it — listing, getting and running connections alone or in batches, and following
 * the runs — records every request and answers with faults on demand.
 *
 * Rejects with a `TypeError` or `RangeError` for invalid options, and with an `Error` (its
 * `cause` holds the system error) when it cannot listen, for example on a port in use.
 *
 * @example
 * const server = await startPrepMockServer();
 * const response = await fetch(`${server.url}/api/v1/connections/${seedConnections[0].connectionId}`);
 * await server.close();
 */
export async function startPrepMockServer(
  options?: PrepMockServerOptions,
): Promise<PrepMockServer> {
  const resolved = resolveOptions(options);
  const faults = createFaultQueue();
  let state = createApiState(resolved);
  const rateLimiter = resolved.rateLimit && createRateLimiter(resolved.rateLimit);
  const requests = createRequestLog(resolved.maxRecordedRequests);
  const unsettled = new Set<Promise<void>>();
  let closing = false;
  let closed: Promise<void> | undefined;

  const server = createServer(
    createRequestListener({
      latencyMs: resolved.latencyMs,
      maxRecordedBodyBytes: resolved.maxRecordedBodyBytes,
      faults,
      answer: (request) => {
        const refused = refuseToken(request.authorization, resolved.token);
        if (refused) return refused;
        if (rateLimiter && resolved.rateLimit) {
          const key = bearerToken(request.authorization) ?? "";
          const over = rateLimiter.take(key, Date.now());
          if (over) return rateLimited(resolved.rateLimit, over.retryAfterSeconds);
        }
        return routeRequest(request, { ...resolved, state });
      },
      onRequest: (request, settled) => {
        requests.add(request);
        unsettled.add(settled);
        void settled.then(() => unsettled.delete(settled));
      },
      isClosing: () => closing,
    }),
  );
  server.on("clientError", answerUnreadable);
  server.on("connect", (_request: IncomingMessage, socket: Duplex) => {
    answerOnSocket(socket, 405, "Method CONNECT is not allowed: this is an API, not a proxy");
  });

  await new Promise<void>((resolve, reject) => {
    const failToListen = (error: Error) => {
      reject(
        new Error(`Cannot listen on ${resolved.host}:${resolved.port}: ${error.message}`, {
          cause: error,
        }),
      );
    };
    server.once("error", failToListen);
    server.listen(resolved.port, resolved.host, () => {
      server.off("error", failToListen);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: formatBaseUrl(resolved.host, port),
    get requests() {
      return requests.list();
    },
    fault(fault) {
      faults.add(normalizeFault(fault));
    },
    reset() {
      requests.clear();
      faults.clear();
      rateLimiter?.clear();
      state = createApiState(resolved);
    },
    close() {
      closing = true;
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }).then(async () => {
        // Every recorded request is final once `close()` resolves.
        await Promise.all(unsettled);
      });
      return closed;
    },
  };
}

/** The connections with a request being answered: an error on one of them must not be answered. */
const answering = new WeakSet<Duplex>();

/**
 * Handles every request: records it, takes the next queued fault, reads the body, lets the
 * fault answer (or else the API routes), waits `latencyMs`, then answers. A client that goes
 * away first is recorded as aborted and gets nothing; nothing is thrown or logged.
 */
function createRequestListener(server: {
  latencyMs: number;
  maxRecordedBodyBytes: number;
  faults: FaultQueue;
  /** The API's answer to a request, once its body has arrived. */
  answer(request: {
    method: string;
    path: string;
    query: Readonly<Record<string, string>>;
    body: RequestBody;
    authorization: string | undefined;
  }): MockAnswer;
  /** Receives each request as it arrives, and a promise that settles once its outcome is known. */
  onRequest(request: MutableRecordedRequest, settled: Promise<void>): void;
  isClosing(): boolean;
}): RequestListener {
  return (request, response) => {
    // A client that disconnects while still sending makes the request emit "error"; the
    // "close" listener below records that as an abort.
    request.on("error", () => {});
    if (answerCorsPreflight(request, response)) {
      request.resume();
      return;
    }

    answering.add(request.socket);
    response.on("close", () => answering.delete(request.socket));
    const { recorded, query } = recordRequest(request, randomUUID());
    const fault = server.faults.take();
    let dropped = false;
    let timer: NodeJS.Timeout | undefined;
    const settled = new Promise<void>((settle) => {
      response.on("close", () => {
        clearTimeout(timer);
        if (!response.writableFinished && !dropped && !server.isClosing()) recorded.aborted = true;
        settle();
      });
    });
    server.onRequest(recorded, settled);

    void receiveBody(request).then((body) => {
      if (response.destroyed) return;
      let answer: MockAnswer | "drop";
      // Nothing thrown here may leave the listener: it would end the process that hosts the
      // server. Whatever fails is answered 500, as an API answers its own fault.
      try {
        recorded.body = recordedBody(body, server.maxRecordedBodyBytes);
        recorded.bodyBytes = body.kind === "none" ? 0 : body.bytes;
        answer = fault
          ? answerFault(fault)
          : server.answer({
              ...recorded,
              query,
              body,
              authorization: request.headers.authorization,
            });
      } catch {
        answer = errorAnswer(500, "The embedded API failed to answer this request");
      }
      timer = setTimeout(respond, server.latencyMs, answer);
    });

    function respond(answer: MockAnswer | "drop"): void {
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

/**
 * Answers a request that `node:http` refuses before the listener sees it — a method HTTP does not
 * know, a malformed request line or header, a request line and headers over `maxHeaderSize`, or
 * one that took too long to arrive — in the API's `{ body, code }` shape with Node's own status
 * (431 for the size, 408 for the time, else 400), then closes the connection. It is not recorded:
 * the server could not read it. A connection already answering a request is only closed, since
 * writing would corrupt that answer.
 */
function answerUnreadable(error: Error & { code?: string; reason?: string }, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable || answering.has(socket)) {
    socket.destroy();
    return;
  }
  const [status, message]: [number, string] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [
          431,
          `The request line and headers are larger than ${maxHeaderSize} bytes; send a shorter URL or fewer headers`,
        ]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "The request did not arrive in time"]
        : error.code === "HPE_INVALID_METHOD"
          ? [400, "The request's method is not one HTTP knows: use GET or POST"]
          : // llhttp's reasons are fixed phrases such as "Invalid header token": they quote nothing sent.
            [400, `The request is not valid HTTP: ${error.reason ?? error.code}`];
  answerOnSocket(socket, status, message);
}

/** Writes an error answer in the API's shape straight onto a connection, and closes it. */
function answerOnSocket(socket: Duplex, status: number, message: string): void {
  const payload = JSON.stringify({ body: message, code: status });
  const headers = {
    ...corsHeaders,
    "cache-control": "no-store",
    connection: "close",
    "content-length": Buffer.byteLength(payload),
    "content-type": "application/json; charset=utf-8",
    "x-request-id": randomUUID(),
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join("")}\r\n${payload}`);
}

/**
 * Sent with every answer so that a web page on another origin (a dev server, a demo) can call
 * the mock server and read the headers clients rely on.
 */
const corsHeaders: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "retry-after, x-request-id",
};

/**
 * Answers a browser's CORS preflight (`OPTIONS` with `Origin` and
 * `Access-Control-Request-Method`) and returns `true`; returns `false` for any other request.
 */
function answerCorsPreflight(request: IncomingMessage, response: ServerResponse): boolean {
  const { origin } = request.headers;
  const requestedMethod = request.headers["access-control-request-method"];
  if (request.method !== "OPTIONS" || !origin || !requestedMethod) return false;
  response.writeHead(204, {
    ...corsHeaders,
    "access-control-allow-methods": routeMethods,
    "access-control-allow-headers": request.headers["access-control-request-headers"] ?? "",
    "access-control-max-age": "600",
  });
  response.end();
  return true;
}

/**
 * Describes an incoming request for `server.requests`, before it is answered, its query with
 * credentials redacted; `query` is the query as sent, for the routes.
 */
function recordRequest(
  request: IncomingMessage,
  requestId: string,
): { recorded: MutableRecordedRequest; query: Readonly<Record<string, string>> } {
  const target = request.url ?? "/";
  const queryStart = target.indexOf("?");
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const firstValues = new Map<string, string>();
  if (queryStart !== -1) {
    for (const [name, value] of new URLSearchParams(target.slice(queryStart + 1))) {
      if (!firstValues.has(name)) firstValues.set(name, value);
    }
  }
  const query = Object.fromEntries(firstValues);
  const recorded = {
    requestId,
    method: request.method ?? "GET",
    path,
    // The values of a query are strings, and stay strings.
    query: redactCredentials(query) as Record<string, string>,
    body: undefined,
    bodyBytes: 0,
    headers: redactHeaders(flatHeaders(request.headers)),
    status: undefined,
    aborted: false,
  };
  return { recorded, query };
}

/** The headers of a request as name–value pairs, a repeated header's values joined by ", ". */
function* flatHeaders(headers: IncomingHttpHeaders): Iterable<[string, string]> {
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) yield [name, Array.isArray(value) ? value.join(", ") : value];
  }
}

/** The `http://host:port` base URL of a listening server; IPv6 addresses get brackets. */
function formatBaseUrl(host: string, port: number): string {
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return `http://${hostPart}:${port}`;
}
