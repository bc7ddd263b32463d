// Debian's Chromium, driven by playwright-core, for the consumers that are web apps: the page
// shows the connection's name, Refresh reaches Complete, and nothing failed on the way.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/**
 * Runs `body` with a headless Chromium of a fresh profile, closed afterwards.
 * @template T
 * @param {(browser: import("playwright-core").BrowserContext) => Promise<T>} body
 * @returns {Promise<T>}
 */
export async function withChromium(body) {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is not at ${executablePath}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), "wdata-prep-rehearsal-chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    return await body(browser);
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Opens `url` in `browser`, where the consumer renders the shared ConnectionCard for the
 * connection `connectionId`: waits for its name, presses Refresh and waits for Complete.
 * Resolves to the requests the page sent, as "METHOD /path" in order, before it pressed Refresh
 * and in all; rejects on any page error.
 * @param {import("playwright-core").BrowserContext} browser
 * @param {string} url
 * @param {{ connectionId: string, name: string }} connection
 */
export async function refreshInPage(browser, url, { name }) {
  const page = await browser.newPage();
  const errors = [];
  const requests = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    // A failed response is told by the listener below, which knows which one it was.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(message.text());
    }
  });
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    requests.push(`${request.method()} ${pathname}`);
  });
  page.on("response", (response) => {
    const { pathname } = new URL(response.url());
    // The apps have no icon, which browsers ask for regardless.
    if (response.status() >= 400 && pathname !== "/favicon.ico") {
      errors.push(`${response.status()} for ${response.request().method()} ${pathname}`);
    }
  });
  try {
    await page.goto(url);
    await page.locator("h1", { hasText: name }).waitFor({ timeout: 30_000 });
    // Whatever the page asked for on its own, once it shows the name and is idle.
    await page.waitForLoadState("networkidle");
    const beforeRefresh = [...requests];
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.locator("[data-status]", { hasText: "Complete" }).waitFor({ timeout: 30_000 });
    assert.deepEqual(errors, [], "the page reported errors");
    return { beforeRefresh, all: requests };
  } finally {
    await page.close();
  }
}
