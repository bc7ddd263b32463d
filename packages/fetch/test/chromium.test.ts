// The browser build in real Chromium, on a page served from 127.0.0.1 with the API behind the
// page's own origin, as an app's proxy puts it: what only a page can show, such as a base URL
// that is a path.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchChromium } from "@wdata-prep/checks/chromium";
import { expect, onTestFinished, test } from "vitest";
import { envelope } from "./fixtures.ts";
import { reply, startTestServer } from "./startTestServer.ts";

/** The modules the page loads, by the path it loads them from. */
const modules: Record<string, string> = {
  "/modules/fetch.js": fileURLToPath(new URL("../dist/index.browser.js", import.meta.url)),
  "/modules/openapi-fetch.js": fileURLToPath(import.meta.resolve("openapi-fetch")),
  "/modules/core.js": fileURLToPath(import.meta.resolve("@wdata-prep/core")),
  "/modules/core-internal.js": fileURLToPath(import.meta.resolve("@wdata-prep/core/internal")),
};

/** A page whose import map gives the browser build its dependencies, as a bundler would. */
const page = `<!doctype html>
<script type="importmap">
{ "imports": {
  "openapi-fetch": "/modules/openapi-fetch.js",
  "@wdata-prep/core": "/modules/core.js",
  "@wdata-prep/core/internal": "/modules/core-internal.js"
} }
</script>`;

test("a client whose base URL is a path calls the API on the page's origin", async () => {
  const server = await startTestServer((request, res) => {
    const file = modules[request.url];
    if (file)
      return reply(res, 200, readFileSync(file, "utf8"), { "content-type": "text/javascript" });
    if (request.url === "/app/") return reply(res, 200, page, { "content-type": "text/html" });
    reply(res, 200, envelope, { "x-request-id": "r-page" });
  });
  const { browser, close } = await launchChromium();
  onTestFinished(close);
  const tab = await browser.newPage();
  await tab.goto(`${server.url}/app/`);

  // A script of the page, as text: the test runner would rewrite an `import()` of its own.
  const seen = await tab.evaluate(`(async () => {
    const { createPrepClient } = await import("/modules/fetch.js");
    const prep = createPrepClient({ baseUrl: "/prep", cacheScope: "prep-eu" });
    const { data, requestId } = await prep.getConnection("c1").withResponse();
    return { baseUrl: prep.baseUrl, cacheScope: prep.cacheScope, name: data.name, requestId };
  })()`);

  expect(seen).toEqual({
    baseUrl: "/prep",
    cacheScope: "prep-eu",
    name: envelope.body.name,
    requestId: "r-page",
  });
  expect(server.requestsTo("/prep")).toHaveLength(1);
  expect(server.requestsTo("/prep")[0]?.url).toBe("/prep/api/v1/connections/c1");
});
