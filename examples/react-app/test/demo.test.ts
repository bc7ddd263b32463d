// The demo build in real Chromium: the app built as `pnpm build:demo` builds it (`vite build
// --mode demo`, here into a folder of the test's own), served by a static file server with
// nothing else behind it, under a path as a static host may serve it. The embedded API answers
// in the page's service worker: a person lists, refreshes and runs a batch, and no request goes
// to a server for the API — the only requests that reach one are for the folder's files.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { extname, join, resolve, sep } from "node:path";
import { launchChromium } from "@wdata-prep/checks/chromium";
import { seedConnections, seedRunOutcomes } from "@wdata-prep/mock-server";
import type { Page, Request } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { appViewport, recordTexts } from "./chromium.ts";

/** Where the static server serves the folder: any path works, as the build's base is relative. */
const basePath = "/wdata-prep-demo/";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

let folder: string;
let site: Server;
let siteUrl: string;
/** Every request the static server received in the test, as "METHOD path". */
const served: string[] = [];
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
/** Every request the test's page made, in order, with how it was answered. */
let pageRequests: Request[];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "wdata-prep-demo-"));
  await build({
    configFile: new URL("../vite.config.ts", import.meta.url).pathname,
    mode: "demo",
    logLevel: "warn",
    build: { outDir: folder, emptyOutDir: true },
  });
  // A static file server: the folder's files under `basePath`, 404 for anything else.
  site = createServer((request, response) => {
    served.push(`${request.method} ${request.url}`);
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://site").pathname);
    const file = path.startsWith(basePath)
      ? resolve(folder, `./${path.slice(basePath.length) || "index.html"}`)
      : undefined;
    let body: Buffer | undefined;
    try {
      if (request.method === "GET" && file?.startsWith(`${folder}${sep}`)) {
        body = readFileSync(file);
      }
    } catch {
      body = undefined;
    }
    const type = (file && types[extname(file)]) ?? "application/octet-stream";
    response.writeHead(body ? 200 : 404, { "content-type": body ? type : "text/plain" });
    response.end(body ?? "Not found");
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  const address = site.address();
  siteUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}${basePath}`;
  chromium = await launchChromium(appViewport);
});

afterAll(async () => {
  await chromium?.close();
  await new Promise((resolve) => site?.close(resolve));
  if (folder) rmSync(folder, { recursive: true, force: true });
});

beforeEach(async () => {
  served.length = 0;
  pageRequests = [];
  page = await chromium.browser.newPage();
  page.on("request", (request) => pageRequests.push(request));
  return () => page.close();
});

/** A seeded connection by name, with the error its runs end with, if they fail. */
function seeded(name: string) {
  const connection = seedConnections.find((c) => c.name === name);
  if (!connection?.connectionId) throw new Error(`No seeded connection is named ${name}`);
  const outcome = seedRunOutcomes[connection.connectionId];
  return {
    id: connection.connectionId,
    name,
    destinationId: connection.destinationId as string,
    error: outcome && "error" in outcome ? outcome.error : undefined,
  };
}

const listedNames = () => page.getByRole("table").getByRole("rowheader").allTextContents();

/** The row of the list, or of a batch, that names `name`. */
const rowOf = (name: string) =>
  page.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });

/** How long to wait for a run or a batch to finish: several times the demo's 2 s runs. */
const RUN_TIMEOUT = { timeout: 20_000 };

/**
 * The Prep API requests the page made, as "METHOD path?query", each checked to have been
 * answered by the service worker, on the page's origin.
 */
async function apiRequests(): Promise<string[]> {
  const api = pageRequests.filter((request) =>
    new URL(request.url()).pathname.startsWith("/prep/"),
  );
  for (const request of api) {
    expect(new URL(request.url()).origin).toBe(new URL(siteUrl).origin);
    expect((await request.response())?.fromServiceWorker(), request.url()).toBe(true);
  }
  return api.map((request) => {
    const url = new URL(request.url());
    return `${request.method()} ${url.pathname}${url.search}`;
  });
}

/**
 * Checks that no request of the test's page left its origin, and that the static server was
 * asked only for the folder's files (the API's requests all answered by the service worker).
 */
function expectOnlyTheFolderServed() {
  const origin = new URL(siteUrl).origin;
  expect(pageRequests.map((request) => new URL(request.url()).origin)).toEqual(
    pageRequests.map(() => origin),
  );
  const files = readdirSync(folder, { recursive: true, encoding: "utf8" });
  const allowed = new Set([
    basePath,
    ...files.map((file) => `${basePath}${file.split(sep).join("/")}`),
  ]);
  // Chromium asks for the site's icon on its own; the folder has none.
  const asked = served.filter((line) => line !== "GET /favicon.ico");
  expect(asked.length).toBeGreaterThan(0);
  const unexpected = asked.filter((line) => {
    const [method, url = ""] = line.split(" ");
    return method !== "GET" || !allowed.has(new URL(url, siteUrl).pathname);
  });
  expect(unexpected).toEqual([]);
}

describe("the demo build, with the API in a service worker", () => {
  test("the folder holds msw's worker script, the installed msw's own", () => {
    const installed = createRequire(import.meta.url).resolve("msw/mockServiceWorker.js");
    expect(readFileSync(join(folder, "mockServiceWorker.js"), "utf8")).toBe(
      readFileSync(installed, "utf8"),
    );
  });

  test("lists the seeded connections, and Load more adds the next page", async () => {
    await page.goto(siteUrl);
    const names = seedConnections.map((c) => c.name);
    await expect.poll(listedNames).toEqual(names.slice(0, 15));
    await page.getByRole("button", { name: "Load more" }).click();
    await expect.poll(listedNames).toEqual(names.slice(0, 30));
    expect(await apiRequests()).toEqual([
      "GET /prep/api/v1/connections?limit=15",
      expect.stringMatching(/^GET \/prep\/api\/v1\/connections\?cursor=[\w-]+$/),
    ]);
    expectOnlyTheFolderServed();
  });

  test("a refresh shows the run go by until it is Complete, then the details show it", async () => {
    const legacyFx = seeded("Legacy FX import → FX rates sheet");
    await page.goto(siteUrl);
    await rowOf(legacyFx.name).getByRole("link").click();
    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).textContent())
      .toBe(legacyFx.name);
    const recorded = await recordTexts(page, "run-status");
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    const status = page.getByTestId("run-status");
    await expect.poll(() => status.textContent(), RUN_TIMEOUT).toBe("Complete");
    // The run as the refresh's answer had it, then as each status read found it, in order. The
    // demo's runs go by the clock, so whether a read found it running depends on when it came.
    const texts = await recorded();
    expect(texts[0]).toBe("Not started");
    expect(texts.at(-1)).toBe("Complete");
    expect(["Not started", "Running", "Complete"].filter((text) => texts.includes(text))).toEqual(
      texts,
    );

    const jobId = new URL(page.url()).searchParams.get("job") as string;
    const lastRun = page.getByRole("region", { name: "Last run" });
    await expect.poll(() => lastRun.textContent()).toContain(jobId);
    expect(await lastRun.textContent()).toContain("Source: CompleteDestination: Complete");
    const api = await apiRequests();
    expect(api.filter((line) => line.startsWith("POST"))).toEqual([
      `POST /prep/api/v1/connections/${legacyFx.id}/refresh`,
    ]);
    expect(api).toContain(`GET /prep/api/v1/connections/${legacyFx.id}/status?jobId=${jobId}`);
    // The page's own API saw the same: `window.prep`, the demo's handle for the console.
    const sent = await page.evaluate(() =>
      window.prep?.requests.filter((r) => r.method === "POST").map((r) => r.path),
    );
    expect(sent).toEqual([`/api/v1/connections/${legacyFx.id}/refresh`]);
    expectOnlyTheFolderServed();
  });

  test("a batch of one workbook's connections shows how each run ended", async () => {
    const children = [
      seeded("GL balances by account → Q4 close workbook"),
      seeded("Intercompany eliminations → Q4 close workbook"),
      seeded("Prepaid expenses schedule → Q4 close workbook"),
    ];
    await page.goto(`${siteUrl}?view=connections&destinationId=${children[0]?.destinationId}`);
    await expect.poll(listedNames).toContain(children[2]?.name);
    for (const { name } of children) {
      await page.getByRole("checkbox", { name: `Select ${name}` }).check();
    }
    await page.getByRole("button", { name: "Refresh selected" }).click();
    await expect
      .poll(() => page.getByTestId("batch-status").textContent(), RUN_TIMEOUT)
      .toMatch(/^Finished with errors/);
    await expect.poll(listedNames).toEqual(children.map((child) => child.name));
    const outcomes = children.map(({ name }) =>
      rowOf(name).getByTestId("run-status").textContent(),
    );
    expect(await Promise.all(outcomes)).toEqual([
      "Complete",
      `Source failed: ${children[1]?.error}`,
      "Cancelled",
    ]);
    expect((await apiRequests()).filter((line) => line.startsWith("POST"))).toEqual([
      "POST /prep/api/v1/connections/batch/refresh",
    ]);
    expectOnlyTheFolderServed();
  });

  test("a fault queued from the console with `prep` is answered as the README says", async () => {
    const revenue = seeded("Revenue by region → Board deck");
    await page.goto(siteUrl);
    await expect.poll(listedNames).toContain(revenue.name);
    await page.evaluate(() => window.prep?.fault({ type: "rate-limit", count: 3 }));
    await rowOf(revenue.name).getByRole("link").click();
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.locator("h2").textContent(), RUN_TIMEOUT).toBe("Rate limited");
    const statuses = await page.evaluate(() => window.prep?.requests.map((r) => r.status));
    expect(statuses).toEqual([200, 429, 429, 429]);
    expectOnlyTheFolderServed();
  });
});
