// The consumers that are web apps: built as their users build them, served, and checked in
// Chromium against the embedded API, which each runs from its own @wdata-prep/mock-server.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { refreshInPage, withChromium } from "./browser.mjs";
import { freePort, run, start } from "./run.mjs";

/** The token the apps' servers send to the embedded API, which takes no other. */
export const serverToken = "rehearsal-server-token";

/**
 * Starts the consumer's own `wdata-prep-mock` (runs of half a second) and resolves to its URL, the
 * first seeded connection and a way to stop it.
 * @param {string} folder
 */
export async function startEmbeddedApi(folder) {
  const api = start(
    "node_modules/.bin/wdata-prep-mock",
    ["--port", "0", "--token", serverToken, "--run-duration", "500"],
    { cwd: folder, ready: /listening on (http:\/\/\S+)\n/ },
  );
  const [, url] = await api.ready;
  const mock = await import(
    pathToFileURL(join(folder, "node_modules/@wdata-prep/mock-server/dist/index.js")).href
  );
  const [connection] = mock.seedConnections;
  return { url, connection, stop: api.stop };
}

/**
 * Every file the build sent to browsers holds no credential and no name of the server's
 * environment variables.
 * @param {string} folder the build's folder of browser files
 * @param {string[]} secrets
 */
export function checkNoSecrets(folder, secrets) {
  const files = readdirSync(folder, { recursive: true, encoding: "utf8" }).filter((file) =>
    /\.(js|mjs|html|json|map)$/.test(file),
  );
  assert.ok(files.length > 0, `no browser files in ${folder}`);
  for (const file of files) {
    const text = readFileSync(join(folder, file), "utf8");
    for (const secret of secrets) assert.ok(!text.includes(secret), `${file} holds ${secret}`);
    assert.doesNotMatch(text, /\b(WORKIVA|WDATA_PREP)_[A-Z_]+/, `${file} names a variable`);
  }
  return files.length;
}

/**
 * A Vite app: `vite build`, then `vite preview` with the embedded API behind its proxy, and the
 * card in Chromium.
 * @param {string} folder
 * @param {(text: string) => void} check
 */
export async function buildVite(folder, check) {
  await run(process.execPath, ["node_modules/vite/bin/vite.js", "build"], { cwd: folder });
  const files = checkNoSecrets(join(folder, "dist"), [serverToken]);
  check(
    `vite build: ${files} browser files, none with a credential or a WORKIVA_/WDATA_PREP_ name`,
  );
}

/**
 * Serves the built Vite app in `folder` and checks the card in Chromium.
 * @param {string} folder
 * @param {(text: string) => void} check
 */
export async function serveVite(folder, check) {
  const api = await startEmbeddedApi(folder);
  const port = await freePort();
  const preview = start(
    process.execPath,
    ["node_modules/vite/bin/vite.js", "preview", "--host", "127.0.0.1", "--port", String(port)],
    {
      cwd: folder,
      env: { PATH: process.env.PATH, PREP_API_URL: api.url, PREP_TOKEN: serverToken },
      ready: /Local:\s+(http:\/\/\S+)/,
    },
  );
  try {
    const [, url] = await preview.ready;
    const { connectionId, name } = api.connection;
    const requests = await withChromium((browser) =>
      refreshInPage(browser, `${url}?connection=${connectionId}`, api.connection),
    );
    const path = `/prep/api/v1/connections/${connectionId}`;
    assert.ok(requests.includes(`GET ${path}`), "the page read the connection through /prep");
    assert.ok(requests.includes(`POST ${path}/refresh`), "Refresh went through /prep");
    check(`Chromium shows "${name}" read through the app's /prep proxy; Refresh reaches Complete`);
  } finally {
    await preview.stop();
    await api.stop();
  }
}
