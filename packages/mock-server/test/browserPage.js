// The page of the browser test: the embedded API's MSW handlers, from the built msw entry, in a
// service worker (msw/browser), set up as a demo or a dev build sets them up. The test reads
// `prep` (the API at every regional URL) and `local` (at a path of the page's origin).
import { setupWorker } from "msw/browser";
import { createPrepHandlers } from "../dist/msw.js";

const prep = createPrepHandlers({ token: "browser-token", runDurationMs: 0 });
const local = createPrepHandlers({ baseUrl: "/prep", runDurationMs: 0 });
await setupWorker(...prep.handlers, ...local.handlers).start({
  quiet: true,
  onUnhandledRequest: "error",
});
Object.assign(globalThis, { prep, local, ready: true });
