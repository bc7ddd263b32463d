import { isPrepError, PrepAbortError, PrepConnectionError, PrepTimeoutError } from "../errors.ts";
import { retryDelay } from "./retryDelay.ts";
import type { SendConfig } from "./SendConfig.ts";

/**
 * Sends `request` with a bearer token, a time limit per attempt and retries, and resolves to
 * the last response, its body read. Throws `PrepAbortError` as soon as the request's own signal
 * aborts, and `PrepConnectionError` or `PrepTimeoutError` when no response came back.
 */
export async function sendWithRetries(request: Request, config: SendConfig): Promise<Response> {
  const { signal } = request;
  const { token, timeoutMs } = config;
  for (let retry = 0, delay = 0; ; retry++) {
    const attempt = new AbortController();
    const abort = () => attempt.abort();
    // Rejects when the attempt is aborted, to cut short the waits that take no signal. The
    // first wait below handles its rejection, in the same turn as any abort before it.
    const aborted = new Promise<never>((_, reject) => {
      attempt.signal.onabort = reject;
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let response: Response | undefined;
    let failure: unknown;
    // The request's signal follows the caller's, and is this call's alone: the handler is safe.
    signal.onabort = abort;
    try {
      if (signal.aborted) abort();
      await Promise.race([new Promise((wake) => (timer = setTimeout(wake, delay))), aborted]);
      timer = setTimeout(abort, timeoutMs);
      // Only GET and HEAD requests, which have no body, are sent more than once.
      const copy = new Request(request, { signal: attempt.signal });
      if (token) {
        copy.headers.set("authorization", `Bearer ${await Promise.race([token(), aborted])}`);
      }
      const send = config.fetch ?? globalThis.fetch;
      response = await send(copy);
      // Reads a copy of the body, so the time limit covers it and the response keeps it.
      await response.clone().text();
    } catch (error) {
      failure = signal.aborted
        ? new PrepAbortError(signal.reason)
        : attempt.signal.aborted
          ? new PrepTimeoutError(timeoutMs)
          : isPrepError(error)
            ? error
            : new PrepConnectionError(error);
      // Only a missing response is retried; an abort, or any other error such as a refused
      // token, is final.
      if (!(failure instanceof PrepConnectionError)) throw failure;
      response = undefined;
    } finally {
      clearTimeout(timer);
    }
    const next = retryDelay(request.method, response, retry, config.maxRetries);
    if (next === undefined) {
      if (response) return response;
      throw failure;
    }
    delay = next;
  }
}
