import type {
  sendWithCredentials as credentialed,
  createTokenProvider as tokenProvider,
} from "./auth.ts";
import { PrepError } from "./errors.ts";

// The browser build's twin of `auth.ts`: client credentials throw a `PrepError` at once, before
// any request, since a client secret must never reach a browser.

function refuseClientSecret(): never {
  throw new PrepError(
    "A client secret must never reach a browser: use a token from your back end, or a proxy",
  );
}

/** In the browser build, throws a `PrepError` at once: a client secret must never reach a browser. */
export const createTokenProvider: typeof tokenProvider = refuseClientSecret;

/** In the browser build, throws a `PrepError` at once, which `clientCredentials` passes on. */
export const sendWithCredentials: typeof credentialed = refuseClientSecret;
