import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createFaultQueue } from "./internal/createFaultQueue.ts";
import { createRequestListener } from "./internal/createRequestListener.ts";
import { formatBaseUrl } from "./internal/formatBaseUrl.ts";
import type { MutableRecordedRequest } from "./internal/MutableRecordedRequest.ts";
import { normalizeFault } from "./internal/normalizeFault.ts";
import { resolveOptions } from "./internal/resolveOptions.ts";
import type { PrepMockServer } from "./PrepMockServer.ts";
import type { PrepMockServerOptions } from "./PrepMockServerOptions.ts";

/**
 * Starts a local Wdata Prep API on `node:http` that answers `GET /api/v1/connections/{id}`
 * exactly as the spec describes, records every request and answers with faults on demand.
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
  let requests: MutableRecordedRequest[] = [];
  const unsettled = new Set<Promise<void>>();
  let closing = false;
  let closed: Promise<void> | undefined;

  const server = createServer(
    createRequestListener({
      options: resolved,
      faults,
      onRequest: (request, settled) => {
        requests.push(request);
        unsettled.add(settled);
        void settled.then(() => unsettled.delete(settled));
      },
      isClosing: () => closing,
    }),
  );

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
      return [...requests];
    },
    fault(fault) {
      faults.add(normalizeFault(fault));
    },
    reset() {
      requests = [];
      faults.clear();
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
