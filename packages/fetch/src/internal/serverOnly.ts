import { PrepError } from "../errors.ts";

/** Throws the `PrepError` of the browser build for client credentials, which are for servers. */
export function serverOnly(): never {
  throw new PrepError(
    "A client secret must never reach a browser: use a token from your back end, or a proxy",
  );
}
