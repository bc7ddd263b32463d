import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, onTestFinished } from "vitest";

/** A request the test server received. */
export interface SeenRequest {
  method: string;
  /** The raw request target: path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** When it arrived, from `performance.now()`. */
  at: number;
}

/** Answers one request; `index` counts the requests to the same path, from 0. */
export type Handler = (request: SeenRequest, response: ServerResponse, index: number) => void;

/** A `node:http` server on 127.0.0.1, stopped when the current test finishes. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request received, in order. */
  requests: SeenRequest[];
  /** The requests received whose path starts with `prefix`. */
  requestsTo(prefix: string): SeenRequest[];
  /** Resolves once `count` requests in all have arrived. */
  received(count: number): Promise<void>;
}

/** Starts a test server on `port`, by default any free one. */
export async function startTestServer(handler: Handler, port = 0): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const seen: SeenRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        at: performance.now(),
      };
      const path = seen.url.split("?")[0];
      const index = requests.filter((r) => r.url.split("?")[0] === path).length;
      requests.push(seen);
      for (const wake of waiters.splice(0)) wake();
      handler(seen, res, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    requestsTo: (prefix) => requests.filter((r) => r.url.startsWith(prefix)),
    received: async (count) => {
      while (requests.length < count) await new Promise<void>((wake) => waiters.push(wake));
    },
  };
}

/** Ends `response` with `status`, a JSON (or, for a string, raw) body and extra headers. */
export function reply(
  response: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body);
  const type = typeof body === "string" ? {} : { "content-type": "application/json" };
  response.writeHead(status, { ...type, ...headers });
  response.end(text);
}

/**
 * How early a timer may fire against `performance.now()`: the one tolerance of these tests.
 * Nothing bounds how late: a busy machine may always be slower.
 */
const timerToleranceMs = 5;

/**
 * Asserts that the server received `later` not before `ms` after `earlier`: for the few tests
 * that must show a wait, and never with an upper bound.
 */
export function expectNotBefore(
  earlier: SeenRequest | undefined,
  later: SeenRequest | undefined,
  ms: number,
): void {
  if (!earlier || !later) throw new Error("expected both requests to have arrived");
  expect(later.at - earlier.at).toBeGreaterThanOrEqual(ms - timerToleranceMs);
}
