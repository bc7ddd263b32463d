import createClient, { type Client } from "openapi-fetch";
import { type ClientConfig, checkFetch, checkSignal } from "./options.ts";
import { type RequestTraits, type SendConfig, sendWithRetries } from "./send.ts";
import type { paths } from "./types.ts";

// Sending a request of the API through openapi-fetch, once per attempt: for the typed methods,
// and for `prep.raw`, the openapi-fetch client the caller uses directly. Both call the same
// openapi-fetch client, so middleware added with `raw.use()` runs the same way for both: once
// per attempt.

/**
 * Sends one request of the API with `send`'s token, time limit and retries: `request` calls
 * openapi-fetch once per attempt, with the attempt's `fetch` and signal and the base URL of
 * the call, if the client's is a path (`resolveBaseUrl` resolves it against the page first,
 * before anything is sent).
 */
export function sendApiRequest<T extends { response: Response }>(
  resolveBaseUrl: (() => string) | undefined,
  send: SendConfig,
  traits: RequestTraits,
  request: (
    fetch: (request: Request) => Promise<Response>,
    signal: AbortSignal | undefined,
    baseUrl: string | undefined,
  ) => Promise<T>,
): Promise<T> {
  let baseUrl: string | undefined;
  try {
    baseUrl = resolveBaseUrl?.();
  } catch (error) {
    return Promise.reject(error);
  }
  return sendWithRetries((fetch, signal) => request(fetch, signal, baseUrl), send, traits);
}

/**
 * The openapi-fetch client of a client's API, and `prep.raw`, which sends each call through it
 * with `sendApiRequest`.
 */
export function createApiClients(config: ClientConfig): {
  openapi: Client<paths>;
  raw: Client<paths>;
} {
  const { baseUrl, headers, resolveBaseUrl, send } = config;
  const openapi = createClient<paths>({
    baseUrl,
    headers,
    // A redirect is answered as it is, never followed: the token must not go anywhere else.
    redirect: "manual",
  });
  // openapi-fetch types each call by its path; this sends a call of any path, already typed by
  // the method of `raw` it came through.
  const call = openapi.request as (
    method: string,
    path: string,
    init: Record<string, unknown>,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

  /** One call of `raw`; its own `fetch`, if any, sends its attempts, as the client's would. */
  function request(method: string, path: string, init: Record<string, unknown> = {}) {
    const fetch = init.fetch as SendConfig["fetch"];
    const signal = (init.signal as AbortSignal | null | undefined) ?? undefined;
    try {
      checkFetch(fetch);
      checkSignal(signal);
    } catch (error) {
      return Promise.reject(error);
    }
    return sendApiRequest(
      resolveBaseUrl,
      fetch ? { ...send, fetch } : send,
      { signal, idempotent: method === "GET" || method === "HEAD" },
      (fetch, signal, baseUrl) => call(method, path, { ...init, baseUrl, fetch, signal }),
    );
  }

  // The methods of openapi-fetch's client, each typed by it; cast once here, since `request`
  // cannot name the path types of every method.
  const method = (name: string) => (path: string, init?: Record<string, unknown>) =>
    request(name, path, init);
  const raw = {
    request: (name: string, path: string, init?: Record<string, unknown>) =>
      request(name.toUpperCase(), path, init),
    GET: method("GET"),
    PUT: method("PUT"),
    POST: method("POST"),
    DELETE: method("DELETE"),
    OPTIONS: method("OPTIONS"),
    HEAD: method("HEAD"),
    PATCH: method("PATCH"),
    TRACE: method("TRACE"),
    use: openapi.use,
    eject: openapi.eject,
  } as Client<paths>;
  return { openapi, raw };
}
