// What the app's browser tests record in a page. Chromium itself is launched by
// `@wdata-prep/checks/chromium`, at the size the app is laid out for (`appViewport`).
import type { Page } from "playwright-core";

/** The size of the window the app's pages are shown in. */
export const appViewport = { width: 1100, height: 900 };

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
