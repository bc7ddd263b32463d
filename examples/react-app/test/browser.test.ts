// The app in real Chromium, on the embedded API: the example started as `pnpm start` starts it
// (on free ports), driven through its UI the way a person uses it. Waits are Playwright-style
// polls with generous limits; what is asserted is what the page shows, and in what order.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "@wdata-prep/checks/chromium";
import { seedConnections, seedRunOutcomes } from "@wdata-prep/mock-server";
import type { BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startExample } from "../server/startExample.mjs";
import { appViewport, recordTexts as recordTextsIn } from "./chromium.ts";

const artifacts = new URL("../test-results/", import.meta.url).pathname;
const first = seedConnections[0];
const never = seedConnections.find((c) => !c.lastRun);
const failed = seedConnections.find((c) => c.lastRun?.sourceStatus === "error" && c.lastRun.error);

/** A seeded connection by name, with how its runs end on the embedded API and their error. */
function seeded(name: string) {
  const connection = seedConnections.find((c) => c.name === name);
  if (!connection?.connectionId) throw new Error(`No seeded connection is named ${name}`);
  const outcome = seedRunOutcomes[connection.connectionId];
  return {
    id: connection.connectionId,
    name,
    destinationId: connection.destinationId as string,
    outcome: outcome?.type ?? "complete",
    error: outcome && "error" in outcome ? outcome.error : undefined,
  };
}

const revenue = seeded("Revenue by region → Board deck");
const headcount = seeded("Headcount by cost center → Q3 investor presentation");
const legacyFx = seeded("Legacy FX import → FX rates sheet");
const taxProvision = seeded("Tax provision rollforward → Income taxes footnote");
const cashFlow = seeded("Cash flow summary → Earnings release");
const glBalances = seeded("GL balances by account → Q4 close workbook");
const eliminations = seeded("Intercompany eliminations → Q4 close workbook");

/** Seed names in the order the API lists them. */
const seedNames = seedConnections.map((c) => c.name);

type Example = Awaited<ReturnType<typeof startExample>>;

let example: Example;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  // Runs of 3 s: long enough to see a run go by, short enough to wait for several to finish.
  example = await startExample({ apiPort: 0, appPort: 0, embedded: true, runDurationMs: 3000 });
  chromium = await launchChromium(appViewport);
  browser = chromium.browser;
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await chromium?.close();
  await example?.close();
});

/** The requests `holdRequests` holds and has not sent on. */
const heldRoutes = new Set<Route>();

beforeEach(async () => {
  example.api?.reset();
  page = await browser.newPage();
  return async () => {
    // A test that failed while holding requests sends none of them on to the next test's API.
    await Promise.all([...heldRoutes].map((route) => route.abort()));
    heldRoutes.clear();
    await page.close();
  };
});

describe("the example app in Chromium", () => {
  test("shows a seeded connection's name and last-run status", async () => {
    await page.goto(`${example.appUrl}?connection=${first?.connectionId}`);
    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).textContent())
      .toBe(first?.name);
    expect(await page.getByTestId("Source-status").textContent()).toBe("Source: Complete");
    expect(await page.getByTestId("Destination-status").textContent()).toBe(
      "Destination: Complete",
    );
    await page.screenshot({ path: join(artifacts, "connection-details.png"), fullPage: true });
    expect(example.api?.requests.map((r) => r.path)).toContain(
      `/api/v1/connections/${first?.connectionId}`,
    );
    expect(example.api?.requests.every((r) => r.headers.authorization !== undefined)).toBe(true);
  });

  test("an unknown ID shows the not-found message", async () => {
    await page.goto(`${example.appUrl}?connection=no-such-connection`);
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.locator("h2").textContent()).toBe("Connection not found");
    expect(await alert.textContent()).toContain("no-such-connection");
    await page.screenshot({ path: join(artifacts, "connection-not-found.png") });
  });

  test("the form and quick links show a connection and the URL keeps it on reload", async () => {
    await page.goto(example.appUrl);
    await page.getByLabel("Connection ID").fill(never?.connectionId as string);
    await page.getByRole("button", { name: "Show connection" }).click();
    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).textContent())
      .toBe(never?.name);
    expect(await page.getByText("This connection has never run.").count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("connection")).toBe(never?.connectionId);

    await page.getByRole("link", { name: failed?.name as string }).click();
    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).textContent())
      .toBe(failed?.name);
    expect(await page.getByRole("note").textContent()).toBe(failed?.lastRun?.error);

    await page.reload();
    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).textContent())
      .toBe(failed?.name);
    await page.goBack();
    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).textContent())
      .toBe(never?.name);
  });

  test("rate limiting shows its own message", async () => {
    example.api?.fault({ type: "rate-limit", count: 3, retryAfterSeconds: 0 });
    await page.goto(`${example.appUrl}?connection=${first?.connectionId}`);
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.locator("h2").textContent()).toBe("Rate limited");
  });
});

/** The names in the rows of the list, in order. */
const listedNames = () => page.getByRole("table").getByRole("rowheader").allTextContents();

/** The row of the list, or of a batch, that names `name`. */
const rowOf = (name: string) =>
  page.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });

/** The recorded requests with `method` of the embedded API of `on`. */
const requestsWith = (method: string, on = example) =>
  (on.api?.requests ?? []).filter((request) => request.method === method);

/**
 * Holds the page's `method` requests whose URL `matches` before they leave the browser, as a slow
 * network would, until `release()` sends them on. `held` resolves once one is held.
 */
async function holdRequests(method: string, matches: (url: URL) => boolean) {
  const waiting: Route[] = [];
  let onHeld = () => {};
  const held = new Promise<void>((resolve) => {
    onHeld = resolve;
  });
  await page.route(matches, async (route) => {
    if (route.request().method() !== method) return route.continue();
    waiting.push(route);
    heldRoutes.add(route);
    onHeld();
  });
  return {
    held,
    /** How many requests have been held. */
    count: () => waiting.length,
    /** Sends the held requests on and resolves with the answer to the first, as the page reads it. */
    release: async () => {
      const answered = page.waitForResponse(
        (response) => response.request().method() === method && matches(new URL(response.url())),
      );
      for (const route of waiting) heldRoutes.delete(route);
      await Promise.all(waiting.map((route) => route.continue()));
      await page.unroute(matches);
      return (await answered).json();
    },
  };
}

/** Holds the page's POST requests to paths that end with `pathEnd`, as `holdRequests` does. */
const holdPosts = (pathEnd: string) =>
  holdRequests("POST", (url) => url.pathname.endsWith(pathEnd));

/** Records each text the element with `testId` shows in the test's page (see `recordTexts`). */
const recordTexts = (testId: string) => recordTextsIn(page, testId);

/** How long to wait for a run or a batch to finish: several times a run's 3 s. */
const RUN_TIMEOUT = { timeout: 20_000 };

describe("the Connections view", () => {
  test("lists the seeded connections page by page, and Load more adds the next page", async () => {
    await page.goto(example.appUrl);
    await expect.poll(listedNames).toEqual(seedNames.slice(0, 15));
    await page.screenshot({ path: join(artifacts, "connections-list.png"), fullPage: true });

    // With the keyboard. While the next page is on its way (held in the browser), the button
    // keeps the focus and says it is busy, and a second press asks for nothing more.
    const loadMore = page.getByRole("button", { name: "Load more" });
    const nextPage = await holdRequests("GET", (url) => url.searchParams.has("cursor"));
    await loadMore.focus();
    await page.keyboard.press("Enter");
    await nextPage.held;
    const busy = page.getByRole("button", { name: "Loading…" });
    await expect.poll(() => busy.getAttribute("aria-disabled")).toBe("true");
    expect(await busy.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await nextPage.release();
    await expect.poll(listedNames).toEqual(seedNames.slice(0, 30));
    expect(nextPage.count()).toBe(1);
    expect(await loadMore.evaluate((button) => button === document.activeElement)).toBe(true);

    // The last page: the button goes, and the focus moves to the first row it added.
    await page.keyboard.press("Enter");
    await expect.poll(listedNames).toEqual(seedNames);
    expect(await loadMore.count()).toBe(0);
    expect(await page.getByText("All 42 connections shown.").count()).toBe(1);
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement;
        return active && [active.tagName, active.textContent?.slice(0, 100)];
      });
    await expect.poll(focused).toEqual(["TH", seedNames[30]]);

    // The first page is asked for with the page size and no cursor, the next with a cursor.
    const lists = requestsWith("GET").filter((r) => r.path === "/api/v1/connections");
    expect(lists.map((r) => [r.query.limit, r.query.cursor === undefined])).toEqual([
      ["15", true],
      [undefined, false],
      [undefined, false],
    ]);
  });

  test("Try again after a failed page asks for that page again", async () => {
    await page.goto(example.appUrl);
    await expect.poll(listedNames).toEqual(seedNames.slice(0, 15));
    // Every attempt of the browser's client (one and two retries) is answered 429.
    example.api?.fault({ type: "rate-limit", count: 3, retryAfterSeconds: 0 });
    await page.getByRole("button", { name: "Load more" }).click();
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.locator("h3").textContent()).toBe("Rate limited");
    const pageReads = () =>
      requestsWith("GET")
        .filter((r) => r.path === "/api/v1/connections" && r.query.cursor !== undefined)
        .map((r) => r.status);
    expect(pageReads()).toEqual([429, 429, 429]);

    await alert.getByRole("button", { name: "Try again" }).click();
    await expect.poll(listedNames).toEqual(seedNames.slice(0, 30));
    expect(await alert.count()).toBe(0);
    expect(pageReads()).toEqual([429, 429, 429, 200]);
  });

  test("Try again after a failed reading of the list again, with no next page, reads it again", async () => {
    // One page: the connections into one workbook.
    const workbook = `?view=connections&destinationId=${glBalances.destinationId}`;
    await page.goto(`${example.appUrl}${workbook}`);
    await expect.poll(listedNames).toContain(glBalances.name);
    expect(await page.getByText("there are more").count()).toBe(0);

    // A run started and finished invalidates every list, so going back reads the list again.
    await rowOf(glBalances.name).getByRole("link").click();
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    const status = page.getByTestId("run-status");
    await expect.poll(() => status.textContent(), RUN_TIMEOUT).toBe("Complete");
    // The details, read again once the run has finished, show it finished: nothing is still
    // being read when the faults below are queued.
    const jobId = new URL(page.url()).searchParams.get("job") as string;
    const lastRun = page.getByRole("region", { name: "Last run" });
    await expect
      .poll(() => lastRun.textContent())
      .toMatch(new RegExp(`Source: CompleteDestination: Complete[\\s\\S]*${jobId}`));

    // Every attempt of the browser's client (one and two retries) is answered 429: the list
    // keeps its rows and says why it could not be read again.
    example.api?.fault({ type: "rate-limit", count: 3, retryAfterSeconds: 0 });
    await page.goBack();
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.locator("h3").textContent()).toBe("Rate limited");
    expect(await listedNames()).toContain(glBalances.name);
    const listReads = () =>
      requestsWith("GET")
        .filter((r) => r.path === "/api/v1/connections")
        .map((r) => r.status);
    expect(listReads()).toEqual([200, 429, 429, 429]);

    await alert.getByRole("button", { name: "Try again" }).click();
    await expect.poll(listReads).toEqual([200, 429, 429, 429, 200]);
    await expect.poll(() => alert.count()).toBe(0);
    expect(await page.getByText("there are more").count()).toBe(0);
  });

  test("a type filter needs its ID: the form says so and sends nothing until it has one", async () => {
    await page.goto(example.appUrl);
    await expect.poll(listedNames).toEqual(seedNames.slice(0, 15));

    await page.getByLabel("Destination type", { exact: true }).selectOption("spreadsheet");
    await page.getByRole("button", { name: "Apply filters" }).click();
    const problem = page.getByRole("form", { name: "Filters" }).getByRole("alert");
    await expect
      .poll(() => problem.textContent())
      .toBe(
        "A destination type filters only together with a destination ID: enter the destination's ID.",
      );
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe(
      "destinationId",
    );
    expect(example.api?.requests.some((r) => r.query.destinationType !== undefined)).toBe(false);

    await page.getByLabel("Destination ID", { exact: true }).fill(glBalances.destinationId);
    await page.getByRole("button", { name: "Apply filters" }).click();
    const intoWorkbook = seedConnections
      .filter((c) => c.destinationId === glBalances.destinationId)
      .map((c) => c.name);
    expect(intoWorkbook.length).toBeGreaterThan(2);
    await expect.poll(listedNames).toEqual(intoWorkbook);
    const params = new URL(page.url()).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      view: "connections",
      destinationType: "spreadsheet",
      destinationId: glBalances.destinationId,
    });

    await page.reload();
    await expect.poll(listedNames).toEqual(intoWorkbook);
    await page.goBack();
    await expect.poll(listedNames).toEqual(seedNames.slice(0, 15));
  });
});

/**
 * How long a run takes in the test that asserts each phase of a run is shown: "Running" lasts
 * 8 s, many times the app's 0.5 s polls and any pause a loaded machine makes.
 */
const SLOW_RUN_MS = 10_000;

/** How long to wait for a slow run to reach a phase. */
const SLOW_RUN_TIMEOUT = { timeout: 2 * SLOW_RUN_MS };

describe("watching a run go by", () => {
  // The embedded API's runs go by the clock, so no run length makes a phase certain to be seen
  // by a poll; a long run makes it safe. These runs are on an API and app of their own, so the
  // other tests, which need only a run's end, keep their 3 s runs.
  let slow: Example;
  beforeAll(async () => {
    slow = await startExample({
      apiPort: 0,
      appPort: 0,
      embedded: true,
      runDurationMs: SLOW_RUN_MS,
    });
  });
  afterAll(() => slow?.close());

  test("shows the run from Not started through Running to Complete, then the list shows it", {
    timeout: 90_000,
  }, async () => {
    expect(legacyFx.outcome).toBe("complete");
    await page.goto(slow.appUrl);
    const row = rowOf(legacyFx.name);
    await expect.poll(() => row.textContent()).toContain("Never run");
    // A mark that only this document has: it is gone if the page is ever loaded again.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    await row.getByRole("link").click();
    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).textContent())
      .toBe(legacyFx.name);
    const recorded = await recordTexts("run-status");
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    const status = page.getByTestId("run-status");
    await expect.poll(() => status.textContent(), SLOW_RUN_TIMEOUT).toBe("Running");
    await page.screenshot({ path: join(artifacts, "run-in-progress.png"), fullPage: true });
    await expect.poll(() => status.textContent(), SLOW_RUN_TIMEOUT).toBe("Complete");
    expect(await recorded()).toEqual(["Not started", "Running", "Complete"]);

    // The details show the new run as the last one, without a reload.
    const jobId = new URL(page.url()).searchParams.get("job") as string;
    expect(jobId).toBeTruthy();
    const lastRun = page.getByRole("region", { name: "Last run" });
    await expect.poll(() => lastRun.textContent()).toContain(jobId);
    expect(await lastRun.textContent()).toContain("Source: CompleteDestination: Complete");

    // And so does the list.
    await page.getByRole("link", { name: "Connections", exact: true }).click();
    await expect.poll(() => row.textContent()).toContain("Source: CompleteDestination: Complete");
    expect(await row.textContent()).not.toContain("Never run");
    expect(await page.evaluate(() => "sameDocument" in window)).toBe(true);
    expect(requestsWith("POST", slow).map((r) => r.path)).toEqual([
      `/api/v1/connections/${legacyFx.id}/refresh`,
    ]);

    // Back, and a reload, show the same run, finished.
    await page.goBack();
    await expect.poll(() => status.textContent()).toBe("Complete");
    expect(new URL(page.url()).searchParams.get("job")).toBe(jobId);
    await page.reload();
    await expect.poll(() => status.textContent()).toBe("Complete");
  });
});

describe("refreshing a connection", () => {
  test("a run answered after the person has gone back to the list leaves them there", async () => {
    await page.goto(example.appUrl);
    const row = rowOf(legacyFx.name);
    await expect.poll(() => row.textContent()).toContain("Never run");
    await row.getByRole("link").click();
    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).textContent())
      .toBe(legacyFx.name);
    const connectionUrl = page.url();
    const historyLength = await page.evaluate(() => window.history.length);

    // The POST is on its way while the person goes back to the list.
    const post = await holdPosts("/refresh");
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await post.held;
    await page.getByRole("link", { name: "Connections", exact: true }).click();
    await expect.poll(() => row.textContent()).toContain("Never run");
    const listUrl = page.url();
    const run = (await post.release()).body;
    expect(run.jobId).toEqual(expect.any(String));

    // The app has read the answer once the list, which it invalidates, is asked for again. The
    // list is still shown, under its own URL, and shows the run; the history holds no entry with
    // the run's job.
    const listReads = () =>
      requestsWith("GET").filter((r) => r.path === "/api/v1/connections").length;
    await expect.poll(listReads).toBe(2);
    expect(page.url()).toBe(listUrl);
    await expect.poll(() => row.allTextContents()).toEqual([expect.stringContaining("Source: ")]);
    expect(await row.textContent()).not.toContain("Never run");
    expect(await page.evaluate(() => window.history.length)).toBe(historyLength + 1);
    await page.goBack();
    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).textContent())
      .toBe(legacyFx.name);
    expect(page.url()).toBe(connectionUrl);
    expect(requestsWith("POST").map((r) => [r.path, r.status])).toEqual([
      [`/api/v1/connections/${legacyFx.id}/refresh`, 200],
    ]);
  });

  test("a connection opened in its workspace is run in that workspace", async () => {
    const workspaceId = seedConnections.find((c) => c.connectionId === revenue.id)?.workspaceId;
    expect(workspaceId).toEqual(expect.any(String));
    await page.goto(`${example.appUrl}?connection=${revenue.id}&workspace=${workspaceId}`);
    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).textContent())
      .toBe(revenue.name);
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await expect
      .poll(() => requestsWith("POST").map((r) => [r.path, r.body]))
      .toEqual([[`/api/v1/connections/${revenue.id}/refresh`, { workspaceId }]]);
  });

  test("a run that fails or is cancelled shows how it ended, with the API's error", async () => {
    expect([taxProvision.outcome, headcount.outcome, cashFlow.outcome]).toEqual([
      "source-error",
      "destination-error",
      "cancelled",
    ]);
    const cases = [
      [taxProvision, `Source failed: ${taxProvision.error}`],
      [headcount, `Destination failed: ${headcount.error}`],
      [cashFlow, "Cancelled"],
    ] as const;
    for (const [connection, shown] of cases) {
      await page.goto(`${example.appUrl}?connection=${connection.id}`);
      await expect
        .poll(() => page.getByRole("heading", { level: 2 }).textContent())
        .toBe(connection.name);
      await page.getByRole("button", { name: "Refresh", exact: true }).click();
      const status = page.getByTestId("run-status");
      await expect.poll(() => status.textContent(), RUN_TIMEOUT).toBe(shown);
      if (connection.error) {
        await expect.poll(() => page.getByRole("note").textContent()).toBe(connection.error);
      }
    }
  });
});

describe("refreshing a batch", () => {
  test("runs two connections of one destination and shows each until both have finished", async () => {
    expect([glBalances.outcome, eliminations.outcome]).toEqual(["complete", "source-error"]);
    expect(eliminations.destinationId).toBe(glBalances.destinationId);
    await page.goto(example.appUrl);
    await expect.poll(listedNames).toEqual(seedNames.slice(0, 15));

    // Two destinations selected: the app suggests listing one of them.
    await page.getByRole("checkbox", { name: `Select ${revenue.name}` }).check();
    await page.getByRole("checkbox", { name: `Select ${glBalances.name}` }).check();
    const onlyThere = page.getByRole("link", {
      name: `Only the destination of ${glBalances.name}`,
    });
    await onlyThere.click();
    await expect
      .poll(() => new URL(page.url()).searchParams.get("destinationId"))
      .toBe(glBalances.destinationId);
    await expect.poll(listedNames).toContain(eliminations.name);
    expect(await page.getByRole("checkbox", { checked: true }).count()).toBe(0);

    await page.getByRole("checkbox", { name: `Select ${glBalances.name}` }).check();
    await page.getByRole("checkbox", { name: `Select ${eliminations.name}` }).check();
    await page.getByRole("button", { name: "Refresh selected" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("batch")).toBeTruthy();
    const recorded = await recordTexts("batch-status");
    const batchStatus = page.getByTestId("batch-status");
    await expect
      .poll(() => batchStatus.textContent(), RUN_TIMEOUT)
      .toMatch(/^Finished with errors/);
    expect(await rowOf(glBalances.name).getByTestId("run-status").textContent()).toBe("Complete");
    expect(await rowOf(eliminations.name).getByTestId("run-status").textContent()).toBe(
      `Source failed: ${eliminations.error}`,
    );
    await page.screenshot({ path: join(artifacts, "batch-finished.png"), fullPage: true });

    // What the batch showed came in order, and it ended finished.
    const texts = await recorded();
    const final = (await batchStatus.textContent()) as string;
    expect(texts.at(-1)).toBe(final);
    const order = ["Not started", "Running", final];
    expect(order.filter((text) => texts.includes(text))).toEqual(texts);
    expect(requestsWith("POST").map((r) => [r.path, r.body])).toEqual([
      [
        "/api/v1/connections/batch/refresh",
        [{ connectionId: glBalances.id }, { connectionId: eliminations.id }],
      ],
    ]);
  });

  test("a batch answered after the person has opened a connection leaves them there", async () => {
    const workbook = `?view=connections&destinationId=${glBalances.destinationId}`;
    await page.goto(`${example.appUrl}${workbook}`);
    await expect.poll(listedNames).toContain(eliminations.name);
    await page.getByRole("checkbox", { name: `Select ${glBalances.name}` }).check();
    await page.getByRole("checkbox", { name: `Select ${eliminations.name}` }).check();

    // The POST is on its way while the person opens one of the connections.
    const post = await holdPosts("/batch/refresh");
    await page.getByRole("button", { name: "Refresh selected" }).click();
    await post.held;
    await rowOf(glBalances.name).getByRole("link").click();
    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).textContent())
      .toBe(glBalances.name);
    const connectionUrl = page.url();
    const batch = (await post.release()).body;
    const child = batch.childRefreshes.find(
      (run: { connectionId: string }) => run.connectionId === glBalances.id,
    );
    expect(child.jobId).toEqual(expect.any(String));

    // The app has read the answer once the details, which it invalidates, are asked for again.
    // The connection is still shown, with the batch's run as its last one, and no batch view was
    // opened.
    const detailReads = () =>
      requestsWith("GET").filter((r) => r.path === `/api/v1/connections/${glBalances.id}`).length;
    await expect.poll(detailReads).toBe(2);
    expect(page.url()).toBe(connectionUrl);
    const lastRun = page.getByRole("region", { name: "Last run" });
    await expect
      .poll(() => lastRun.allTextContents())
      .toEqual([expect.stringContaining(child.jobId)]);
    await page.goBack();
    await expect.poll(() => page.url()).toBe(`${example.appUrl}${workbook}`);
    expect(requestsWith("POST").map((r) => [r.path, r.status])).toEqual([
      ["/api/v1/connections/batch/refresh", 200],
    ]);
  });

  test("a batch the API refuses shows its message, naming the items at fault", async () => {
    expect(headcount.destinationId).not.toBe(revenue.destinationId);
    await page.goto(example.appUrl);
    await expect.poll(listedNames).toEqual(seedNames.slice(0, 15));
    await page.getByRole("checkbox", { name: `Select ${revenue.name}` }).check();
    await page.getByRole("checkbox", { name: `Select ${headcount.name}` }).check();
    await page.getByRole("button", { name: "Refresh selected" }).click();

    const alert = page.getByRole("alert");
    await expect.poll(() => alert.locator("h3").textContent()).toBe("The API refused the batch");
    const message = await alert.textContent();
    expect(message).toContain(
      `[1].connectionId writes into ${headcount.destinationId}, not into ${revenue.destinationId} like [0]`,
    );
    expect(message).toContain(`[1] ${headcount.name}`);
    expect(new URL(page.url()).searchParams.get("batch")).toBeNull();
    expect(requestsWith("POST").map((r) => r.status)).toEqual([400]);
    await page.screenshot({ path: join(artifacts, "batch-refused.png"), fullPage: true });
  });
});
