// Headless Chromium for the app's browser tests — Debian's `chromium` (or CHROMIUM_PATH), driven
// by playwright-core in a fresh profile — and what a test records in a page.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Chromium, headless, in a profile of its own; `close()` stops it and removes the profile. */
export async function launchChromium(): Promise<{
  browser: BrowserContext;
  close: () => Promise<void>;
}> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is not at ${executablePath}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), "wdata-prep-chromium-"));
  try {
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      viewport: { width: 1100, height: 900 },
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    return {
      browser,
      close: async () => {
        await browser.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Records, in `page`, each text the element with `testId` shows, in order, once per change;
 * `recorded()` reads them.
 */
export async function recordTexts(page: Page, testId: string): Promise<() => Promise<string[]>> {
  await page.evaluate((id) => {
    const seen: string[] = [];
    Object.assign(window, { recordedTexts: seen });
    const record = () => {
      const text = document.querySelector(`[data-testid="${id}"]`)?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  }, testId);
  return () =>
    page.evaluate(() => (window as unknown as { recordedTexts: string[] }).recordedTexts);
}
