// The app in real Chromium, on the embedded API: the example started exactly as `pnpm start`
// starts it (on free ports), driven through its UI.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedConnections } from "@wdata-prep/mock-server";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startExample } from "../server/startExample.mjs";

const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const artifacts = new URL("../test-results/", import.meta.url).pathname;
const first = seedConnections[0];
const never = seedConnections.find((c) => !c.lastRun);
const failed = seedConnections.find((c) => c.lastRun?.sourceStatus === "error" && c.lastRun.error);

let example: Awaited<ReturnType<typeof startExample>>;
let browser: BrowserContext;
let profile: string;
let page: Page;

beforeAll(async () => {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is not at ${executablePath}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  example = await startExample({ apiPort: 0, appPort: 0, embedded: true });
  profile = mkdtempSync(join(tmpdir(), "wdata-prep-chromium-"));
  browser = await chromium.launchPersistentContext(profile, {
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
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await example?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

beforeEach(async () => {
  example.api?.reset();
  page = await browser.newPage();
  return () => page.close();
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
