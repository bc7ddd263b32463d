import type { Region } from "@wdata-prep/core";
import type { ClientCredentials } from "../ClientCredentials.ts";
import { createTokenProvider } from "../createTokenProvider.ts";
import type { SendConfig } from "../send.ts";

/**
 * A `fetch` that sends each request with a bearer token from the client credentials, and after
 * a 401 forgets the token and sends the request once more with a new one. Waiting for a token
 * ends as soon as the request's signal aborts. Throws a `PrepError` at once for bad credentials.
 * The `fetch` of `options` is read now, since the client's own becomes the returned one.
 */
export function fetchWithCredentials(
  credentials: ClientCredentials,
  region: Region,
  options: SendConfig,
): (request: Request) => Promise<Response> {
  const { fetch, timeoutMs } = options;
  const tokens = createTokenProvider(credentials, { region, fetch, timeoutMs });

  async function sendAuthorized(request: Request): Promise<Response> {
    const { signal } = request;
    signal.throwIfAborted();
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason));
    });
    const headers = new Headers(request.headers);
    headers.set("authorization", `Bearer ${await Promise.race([tokens.getToken(), aborted])}`);
    const send = fetch ?? globalThis.fetch;
    return send(new Request(request, { headers }));
  }

  return async (request) => {
    const response = await sendAuthorized(request.clone());
    if (response.status !== 401) return response;
    // The token was refused: forget it, and try once more with a new one.
    await response.body?.cancel();
    tokens.invalidate();
    return sendAuthorized(request);
  };
}
