// The MSW handlers in Chromium: the built msw entry, bundled for the browser with nothing of
// Node, answers a page's requests from a service worker (`setupWorker`), across origins as
// clients call the API, with the headers a client reads.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LaunchedChromium, launchChromium } from "@wdata-prep/checks/chromium";
import { PREP_SERVERS } from "@wdata-prep/core";
import type { Page } from "playwright-core";
import { build } from "tsdown";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrepHandlers } from "./msw.ts";
import { seedConnections } from "./seed.ts";

const workerScript = createRequire(import.meta.url).resolve("msw/mockServiceWorker.js");
const [first] = seedConnections;
const connectionId = first?.connectionId as string;

let bundle: string;
let site: Server;
let origin: string;
let chromium: LaunchedChromium | undefined;
let page: Page;

beforeAll(async () => {
  bundle = mkdtempSync(join(tmpdir(), "wdata-prep-msw-page-"));
  await build({
    config: false,
    entry: { page: new URL("../test/browserPage.js", import.meta.url).pathname },
    platform: "browser",
    format: "esm",
    outDir: bundle,
    dts: false,
    noExternal: [/./],
    logLevel: "error",
  });
  const files: Record<string, [string, string]> = {
    "/": ["text/html", '<!doctype html><script type="module" src="/page.js"></script>'],
    "/page.js": ["text/javascript", readFileSync(join(bundle, "page.js"), "utf8")],
    "/mockServiceWorker.js": ["text/javascript", readFileSync(workerScript, "utf8")],
  };
  site = createServer((request, response) => {
    const file = files[request.url ?? ""];
    response.writeHead(file ? 200 : 404, { "content-type": file?.[0] ?? "text/plain" });
    response.end(file?.[1] ?? "Not found");
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  const address = site.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  chromium = await launchChromium();
  page = await chromium.browser.newPage();
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => "ready" in globalThis);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await new Promise((resolve) => site?.close(resolve));
  if (bundle) rmSync(bundle, { recursive: true, force: true });
});

/** What the page's `fetch` got: the status, the headers a client reads, and the JSON body. */
interface Fetched {
  status: number;
  requestId: string | null;
  retryAfter: string | null;
  body: { body: unknown; code: number };
}

/** Calls `fetch` in the page with `init` (a bearer token unless `authorization` is given). */
function fetchInPage(
  url: string,
  init: { method?: string; body?: string; authorization?: string } = {},
) {
  return page.evaluate(
    async ({ url, init }): Promise<Fetched | string> => {
      const headers: Record<string, string> = {
        authorization: init.authorization ?? "Bearer browser-token",
      };
      if (init.body !== undefined) headers["content-type"] = "application/json";
      try {
        const response = await fetch(url, { method: init.method, headers, body: init.body });
        return {
          status: response.status,
          requestId: response.headers.get("x-request-id"),
          retryAfter: response.headers.get("retry-after"),
          body: await response.json(),
        };
      } catch (error) {
        return String(error);
      }
    },
    { url, init },
  );
}

// What test/browserPage.js puts on the page's globalThis, for `page.evaluate`.
declare global {
  var prep: PrepHandlers;
  var local: PrepHandlers;
}

describe("createPrepHandlers in Chromium", () => {
  test("answers a page's requests to every regional URL from a service worker, with readable headers", async () => {
    await page.evaluate(() => globalThis.prep.reset());
    for (const base of Object.values(PREP_SERVERS)) {
      const answer = (await fetchInPage(`${base}/api/v1/connections/${connectionId}`)) as Fetched;
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ body: first, code: 200 });
      expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const recorded = await page.evaluate(() =>
      globalThis.prep.requests.map(({ path, status, headers }) => ({
        path,
        status,
        authorization: headers.authorization,
      })),
    );
    expect(recorded).toEqual(
      Array(3).fill({
        path: `/api/v1/connections/${connectionId}`,
        status: 200,
        authorization: "Bearer [redacted]",
      }),
    );
  });

  test("runs a refresh to its end, and refuses another token", async () => {
    const base = PREP_SERVERS.eu;
    const started = (await fetchInPage(`${base}/api/v1/connections/${connectionId}/refresh`, {
      method: "POST",
      body: "{}",
    })) as Fetched;
    expect(started.status).toBe(200);
    const { jobId } = started.body.body as { jobId: string };
    const status = (await fetchInPage(
      `${base}/api/v1/connections/${connectionId}/status?jobId=${jobId}`,
    )) as Fetched;
    expect(status.body.body).toMatchObject({
      jobId,
      sourceStatus: "complete",
      destinationStatus: "complete",
    });
    const stranger = (await fetchInPage(`${base}/api/v1/connections`, {
      authorization: "Bearer someone-else",
    })) as Fetched;
    expect(stranger.status).toBe(401);
  });

  test("answers faults: a 429 whose Retry-After the page reads, and a dropped connection", async () => {
    await page.evaluate(() => {
      globalThis.prep.fault({ type: "rate-limit", retryAfterSeconds: 7 });
      globalThis.prep.fault({ type: "drop" });
    });
    const url = `${PREP_SERVERS.apac}/api/v1/connections/${connectionId}`;
    const limited = (await fetchInPage(url)) as Fetched;
    expect(limited).toMatchObject({ status: 429, retryAfter: "7" });
    expect(await fetchInPage(url)).toMatch(/^TypeError/);
    expect(((await fetchInPage(url)) as Fetched).status).toBe(200);
  });

  test("answers under a path of the page's origin", async () => {
    const answer = (await fetchInPage(`${origin}/prep/api/v1/connections?limit=2`)) as Fetched;
    expect(answer.status).toBe(200);
    expect((answer.body.body as unknown[]).length).toBe(2);
    const paths = await page.evaluate(() => globalThis.local.requests.map(({ path }) => path));
    expect(paths).toEqual(["/api/v1/connections"]);
  });
});
