// Headless Chromium for the browser tests of the packages and the example app: Debian's
// `chromium` (or the one at CHROMIUM_PATH), driven by playwright-core, each launch in a profile
// of its own, with nothing of its own on the network (no updates, sync or background requests).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** A running Chromium; `close()` stops it and removes its profile. */
export interface LaunchedChromium {
  browser: BrowserContext;
  close: () => Promise<void>;
}

/**
 * Launches Chromium, headless, in a fresh profile, its pages `viewport` in size (playwright's
 * 1280 × 720 by default). Throws, saying how to install it, when it is missing.
 */
export async function launchChromium(viewport?: {
  width: number;
  height: number;
}): Promise<LaunchedChromium> {
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
      ...(viewport && { viewport }),
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
