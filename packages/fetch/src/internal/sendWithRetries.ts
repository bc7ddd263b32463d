import { isPrepError } from "../isPrepError.ts";
import { PrepAbortError } from "../PrepAbortError.ts";
import { PrepConnectionError } from "../PrepConnectionError.ts";
import { PrepTimeoutError } from "../PrepTimeoutError.ts";
import { retryDelay } from "./retryDelay.ts";
import type { SendConfig } from "./SendConfig.ts";

/**
 * Sends `request` with a bearer token, a time limit per attempt and retries, and resolves to
 * the last response, its body read. Throws `PrepAbortError` as soon as the request's own signal
 * aborts, and `PrepConnectionError` or `PrepTimeoutError` when no response came back.
 */
export async function sendWithRetries(request: Request, config: SendConfig): Promise<Response> {
  const { signal } = request;
  const { token, timeoutMs, maxRetries } = config;
  let { invalidateToken } = config;
  let delay = 0;
  for (let retry = 0; ; retry++) {
    const attempt = new AbortController();
    const abort = () => attempt.abort();
    // Rejects when the attempt is aborted, to cut short the waits that take no signal.
    const aborted = new Promise<never>((_, reject) => {
      attempt.signal.addEventListener("abort", () => reject(attempt.signal.reason));
    });
    aborted.catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    let response: Response | undefined;
    let failure: PrepConnectionError | undefined;
    signal.addEventListener("abort", abort);
    try {
      if (signal.aborted) abort();
      await Promise.race([new Promise((wake) => (timer = setTimeout(wake, delay))), aborted]);
      timer = setTimeout(abort, timeoutMs);
      const bearer = token && (await Promise.race([token(), aborted]));
      const headers = new Headers(request.headers);
      if (bearer) headers.set("authorization", `Bearer ${bearer}`);
      const send = config.fetch ?? globalThis.fetch;
      const answer = await send(new Request(request.clone(), { headers, signal: attempt.signal }));
      const body = await answer.arrayBuffer();
      response = new Response(body.byteLength ? body : null, answer);
    } catch (error) {
      if (signal.aborted) throw new PrepAbortError(signal.reason);
      if (isPrepError(error) && !(error instanceof PrepConnectionError)) throw error;
      failure = attempt.signal.aborted
        ? new PrepTimeoutError(timeoutMs)
        : error instanceof PrepConnectionError
          ? error
          : new PrepConnectionError(error);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", abort);
    }
    if (response?.status === 401 && invalidateToken) {
      // The client-credentials token was refused: forget it, and try once more with a new one.
      invalidateToken();
      invalidateToken = undefined;
      delay = 0;
      retry--;
      continue;
    }
    const next = retryDelay(request.method, response, retry, maxRetries);
    if (next === undefined) {
      if (response) return response;
      throw failure;
    }
    delay = next;
  }
}
