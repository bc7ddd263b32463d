// The demo build's Prep API (`vite build --mode demo`; no other build loads this module): the
// embedded API of @wdata-prep/mock-server as Mock Service Worker handlers, answering the app's
// requests in a service worker, so the built folder runs with no server but a static one.
import { createPrepHandlers, type PrepHandlers } from "@wdata-prep/mock-server/msw";
import { setupWorker } from "msw/browser";

declare global {
  interface Window {
    /** The demo's Prep API, to try from the browser's console: `prep.fault(…)`, `prep.requests`. */
    prep?: PrepHandlers;
  }
}

/**
 * Starts answering the Prep API at `baseUrl` (a path on the page's origin) from the service
 * worker, and resolves once it does. The API lives in the page: a reload starts it afresh, with
 * the 42 seeded connections as they were and no run or batch of before.
 */
export async function startDemoApi(baseUrl: string): Promise<void> {
  // No token: the demo's client sends none. Runs take the embedded API's default, 2 s: long
  // enough to watch one go from Not started through Running to its end.
  const prep = createPrepHandlers({ baseUrl });
  await setupWorker(...prep.handlers).start({
    // Beside index.html, wherever the folder is served from (the build's base is relative).
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    // The page's own files come from the web server.
    onUnhandledRequest: "bypass",
  });
  window.prep = prep;
}
