// The embedded API on node:http: listening and closing, CORS preflights, the requests node:http
// refuses before the API sees them, and carrying every other request to the engine as a fetch
// `Request` and its `Response` back.
import { randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingMessage,
  maxHeaderSize,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo } from "node:net";
import { type Duplex, Readable } from "node:stream";
import { createEngine, type Engine, type PrepMockApi } from "./engine.ts";
import { type PrepMockServerOptions, resolveServerOptions } from "./options.ts";
import { routeMethods } from "./routes.ts";

/** A running mock Wdata Prep API, as resolved by `startPrepMockServer`. */
export interface PrepMockServer extends PrepMockApi {
  /**
   * The base URL to give a client, such as `http://127.0.0.1:54321` (no trailing slash). The API
   * paths hang off it as they do off `https://h.app.wdesk.com/s/wdata/prep`.
   */
  readonly url: string;
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
 * // A client's `baseUrl` is `server.url`: createPrepClient({ baseUrl: server.url, token: "any" }).
 * const response = await fetch(`${server.url}/api/v1/connections?limit=5`);
 * console.log(server.requests.length); // 1
 * await server.close();
 */
export async function startPrepMockServer(
  options?: PrepMockServerOptions,
): Promise<PrepMockServer> {
  const { port, host, ...api } = resolveServerOptions(options);
  const engine = createEngine(api);
  let url = "";
  const server = createServer((request, response) => {
    void carry(engine, url, request, response);
  });
  server.on("clientError", answerUnreadable);
  server.on("connect", (_request: IncomingMessage, socket: Duplex) => {
    writeError(socket, 405, "Method CONNECT is not allowed: this is an API, not a proxy");
  });

  await new Promise<void>((resolve, reject) => {
    const failToListen = (error: Error) => {
      reject(new Error(`Cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
    };
    server.once("error", failToListen);
    server.listen(port, host, listenBacklog, () => {
      server.off("error", failToListen);
      resolve();
    });
  });
  url = formatBaseUrl(host, (server.address() as AddressInfo).port);

  let closed: Promise<void> | undefined;
  return {
    url,
    get requests() {
      return engine.requests;
    },
    fault(fault) {
      engine.fault(fault);
    },
    reset() {
      engine.reset();
    },
    close() {
      closed ??= (async () => {
        // First, so that the requests the closing ends are not counted as aborted.
        const settled = engine.close();
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        });
        // Every recorded request is final once `close()` resolves.
        await settled;
      })();
      return closed;
    },
  };
}

/**
 * How many connections may wait to be accepted: a test that sends a few thousand requests at once,
 * each on a connection of its own, finds them all accepted. With node:http's 511, the system drops
 * the connections over it and the clients send them again a second or more later, or, on a busy
 * machine, meet a reset. The system lowers it to its own limit (`net.core.somaxconn` on Linux).
 */
const listenBacklog = 4096;

/**
 * Sent with every answer of the server so that a web page on another origin (a dev server) can
 * call it and read the headers clients rely on. (A service worker's answers, the MSW handlers',
 * reach the page without a CORS check: they need none.)
 */
const corsHeaders: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "retry-after, x-request-id",
};

/** The connections with a request being answered, and that request's response. */
const answering = new WeakMap<Duplex, ServerResponse>();

/**
 * Carries one request to the engine and its answer back: a preflight is answered here; a
 * network error from the engine (a `drop` fault, a client gone) destroys the connection.
 * Nothing is thrown or logged.
 */
async function carry(
  engine: Engine,
  origin: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  // A client that disconnects while still sending makes the request emit "error"; the engine
  // notices it through the body it reads and the signal.
  request.on("error", () => {});
  if (answerCorsPreflight(request, response)) {
    request.resume();
    return;
  }
  const { socket } = request;
  answering.set(socket, response);
  const client = new AbortController();
  response.on("close", () => {
    if (answering.get(socket) === response) answering.delete(socket);
    if (!response.writableFinished) client.abort();
  });
  const fetchRequest = toFetchRequest(request, origin, client.signal);
  if (!fetchRequest) {
    const { method = "" } = request;
    if (forbiddenMethods.has(method)) writeError(response, 405, `Method ${method} is not allowed`);
    else writeError(response, 400, "The request's target is not a URL the API can read");
    return;
  }
  try {
    const answer = await engine.handle(fetchRequest);
    if (response.destroyed) return;
    if (answer.type === "error") {
      response.destroy();
      return;
    }
    const payload = Buffer.from(await answer.arrayBuffer());
    response.writeHead(answer.status, {
      ...corsHeaders,
      ...Object.fromEntries(answer.headers),
      "content-length": payload.length,
    });
    response.end(payload);
  } catch {
    response.destroy();
  }
}

/** Methods a fetch `Request` cannot carry: node:http takes them, the engine never sees them. */
const forbiddenMethods = new Set(["TRACE", "TRACK"]);

/**
 * The fetch `Request` of an incoming request, its body streamed as it arrives, and `signal`
 * aborted when the client goes away; `undefined` when it cannot be one (a method fetch forbids,
 * a target that is not a URL).
 */
function toFetchRequest(
  request: IncomingMessage,
  origin: string,
  signal: AbortSignal,
): Request | undefined {
  const { method = "GET", rawHeaders } = request;
  const target = request.url ?? "/";
  const headers = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    headers.append(rawHeaders[i] as string, rawHeaders[i + 1] as string);
  }
  // A fetch Request of GET or HEAD has no body: one that was sent anyway is read and dropped.
  const hasBody = method !== "GET" && method !== "HEAD";
  if (!hasBody) request.resume();
  try {
    return new Request(target.startsWith("/") ? `${origin}${target}` : target, {
      method,
      headers,
      signal,
      ...(hasBody && {
        body: Readable.toWeb(request) as ReadableStream<Uint8Array>,
        duplex: "half",
      }),
    });
  } catch {
    return undefined;
  }
}

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
 * Answers a request that `node:http` refuses before the listener sees it — a method HTTP does not
 * know, a malformed request line or header, a request line and headers over `maxHeaderSize`, or
 * one that took too long to arrive — in the API's `{ body, code }` shape with Node's own status
 * (431 for the size, 408 for the time, else 400), then closes the connection. It is not recorded:
 * the API could not read it. A connection whose answer to an earlier request has begun is only
 * closed, since writing would corrupt that answer.
 */
function answerUnreadable(error: Error & { code?: string; reason?: string }, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable || answering.get(socket)?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, message] = unreadable(error);
  writeError(socket, status, message);
}

function unreadable(error: { code?: string; reason?: string }): [number, string] {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return [
        431,
        `The request line and headers are larger than ${maxHeaderSize} bytes; send a shorter URL or fewer headers`,
      ];
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return [408, "The request did not arrive in time"];
    case "HPE_INVALID_METHOD":
      return [400, "The request's method is not one HTTP knows: use GET or POST"];
    default:
      // llhttp's reasons are fixed phrases such as "Invalid header token": they quote nothing sent.
      return [400, `The request is not valid HTTP: ${error.reason ?? error.code}`];
  }
}

/**
 * Writes an error in the API's shape, with the headers of every answer, straight onto a
 * connection or as a response, and closes the connection.
 */
function writeError(target: Duplex | ServerResponse, status: number, message: string): void {
  const payload = JSON.stringify({ body: message, code: status });
  const headers = {
    ...corsHeaders,
    "cache-control": "no-store",
    connection: "close",
    "content-length": String(Buffer.byteLength(payload)),
    "content-type": "application/json; charset=utf-8",
    "x-request-id": randomUUID(),
  };
  if ("writeHead" in target) {
    target.writeHead(status, headers).end(payload);
    return;
  }
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  target.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join("")}\r\n${payload}`);
}

/** The `http://host:port` base URL of a listening server; IPv6 addresses get brackets. */
function formatBaseUrl(host: string, port: number): string {
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return `http://${hostPart}:${port}`;
}
