// A real npm registry on 127.0.0.1 for the rehearsal: Verdaccio, with its storage in a scratch
// folder. It holds only what the rehearsal publishes (the @wdata-prep scope) and proxies nothing:
// consumers take every other package from the usual registry, and @wdata-prep from this one.
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { freePort, start } from "./run.mjs";

const verdaccio = createRequire(import.meta.url).resolve("verdaccio/bin/verdaccio");

/**
 * Starts Verdaccio with its configuration and storage in `folder`, and signs a maintainer up,
 * as `npm adduser` does.
 * @param {string} folder
 * @returns {Promise<{ url: string, host: string, token: string, stop: () => Promise<unknown> }>}
 */
export async function startRegistry(folder) {
  const port = await freePort();
  mkdirSync(folder, { recursive: true });
  const config = join(folder, "config.yaml");
  writeFileSync(
    config,
    `storage: ${JSON.stringify(join(folder, "storage"))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(folder, "htpasswd"))}
    max_users: 1
uplinks: {}
packages:
  "@wdata-prep/*":
    access: $all
    publish: $authenticated
web:
  enable: false
log:
  type: stdout
  format: pretty
  level: warn
`,
  );
  const server = start(
    process.execPath,
    [verdaccio, "--config", config, "--listen", `127.0.0.1:${port}`],
    { cwd: folder },
  );
  const url = `http://127.0.0.1:${port}/`;
  await waitForPing(url, server);

  const signup = await fetch(`${url}-/user/org.couchdb.user:maintainer`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "maintainer", password: "rehearsal-only" }),
  });
  if (!signup.ok) throw new Error(`Verdaccio refused the sign-up: ${signup.status}`);
  const { token } = await signup.json();
  return { url, host: `127.0.0.1:${port}`, token, stop: server.stop };
}

/** Resolves once the registry answers its ping. */
async function waitForPing(url, server) {
  for (let attempt = 0; attempt < 300; attempt++) {
    const answer = await fetch(`${url}-/ping`).catch(() => undefined);
    if (answer?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.stop();
  throw new Error(`Verdaccio did not answer on ${url}:\n${server.output().slice(-4000)}`);
}
