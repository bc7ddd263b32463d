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
    assert.ok(requests.beforeRefresh.includes(`GET ${path}`), "the page read it through /prep");
    assert.ok(requests.all.includes(`POST ${path}/refresh`), "Refresh went through /prep");
    check(`Chromium shows "${name}" read through the app's /prep proxy; Refresh reaches Complete`);
  } finally {
    await preview.stop();
    await api.stop();
  }
}

/** What the Next.js app's server knows and the browser must not: its environment. */
const serverEnvironment = {
  WDATA_PREP_TOKEN: serverToken,
  WORKIVA_CLIENT_ID: "rehearsal-client-id",
  WORKIVA_CLIENT_SECRET: "rehearsal-client-secret",
};

/**
 * The Next.js app: `next build` with the server's environment set, then every file of
 * `.next/static` (what browsers load) is checked for its values and names.
 * @param {string} folder
 * @param {(text: string) => void} check
 */
export async function buildNext(folder, check) {
  await run(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    cwd: folder,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NEXT_TELEMETRY_DISABLED: "1",
      WDATA_PREP_BASE_URL: "http://127.0.0.1:9",
      ...serverEnvironment,
    },
  });
  const files = checkNoSecrets(join(folder, ".next/static"), Object.values(serverEnvironment));
  check(
    `next build, its type check included; ${files} client files, none with a credential or a WORKIVA_/WDATA_PREP_ name`,
  );
}

/**
 * `next start` with the server's environment and the embedded API: the page's HTML holds the
 * connection the server component prefetched, Chromium shows it without asking for it again and
 * Refresh reaches Complete, and the edge route handler reads it with the server's client.
 * @param {string} folder
 * @param {(text: string) => void} check
 */
export async function serveNext(folder, check) {
  const api = await startEmbeddedApi(folder);
  const port = await freePort();
  const server = start(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "--hostname", "127.0.0.1", "--port", String(port)],
    {
      cwd: folder,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NEXT_TELEMETRY_DISABLED: "1",
        WDATA_PREP_BASE_URL: api.url,
        ...serverEnvironment,
      },
      ready: /Ready in|Local:/,
    },
  );
  try {
    await server.ready;
    const url = `http://127.0.0.1:${port}`;
    const { connectionId, name } = api.connection;
    const html = await (await fetch(`${url}/?connection=${connectionId}`)).text();
    assert.ok(html.includes(`<h1>${name}</h1>`), `the served HTML shows ${name}`);
    check(`the served HTML holds "${name}", prefetched by the server component`);

    const requests = await withChromium((browser) =>
      refreshInPage(browser, `${url}/?connection=${connectionId}`, api.connection),
    );
    const path = `/prep/api/v1/connections/${connectionId}`;
    assert.ok(
      !requests.beforeRefresh.includes(`GET ${path}`),
      `the browser asked for the prefetched connection again: ${requests.beforeRefresh.join(", ")}`,
    );
    assert.ok(requests.all.includes(`POST ${path}/refresh`), "Refresh went through /prep");
    check("Chromium shows it without asking for it again; Refresh through /prep reaches Complete");

    const edge = await fetch(`${url}/edge?connection=${connectionId}`);
    assert.equal(
      edge.status,
      200,
      `the edge route answered ${edge.status}: ${await edge.clone().text()}`,
    );
    assert.deepEqual(await edge.json(), { name, api: api.url });
    check("the edge route handler's client reads the connection with the server's environment");
  } finally {
    await server.stop();
    await api.stop();
  }
}
