// The example's start script, which `pnpm start` runs once the packages are built: it prints
// both URLs, serves the app and the proxied API, and stops both on Ctrl-C (SIGINT), exit code 0.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { seedConnections } from "@wdata-prep/mock-server";
import { afterEach, expect, test } from "vitest";

const script = new URL("../scripts/start.mjs", import.meta.url).pathname;
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

function waitForOutput(process: ChildProcess, pattern: RegExp): Promise<string> {
  let output = "";
  return new Promise((resolve, reject) => {
    process.stdout?.on("data", (chunk) => {
      output += chunk;
      if (pattern.test(output)) resolve(output);
    });
    process.once("exit", (code) => reject(new Error(`start exited with ${code}: ${output}`)));
  });
}

// The environment of a user with no Workiva credentials and no overrides.
const ownVariables = /^(WORKIVA_|WDATA_PREP_|HOST$|APP_PORT$|PREP_API_PORT$)/;
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !ownVariables.test(name)),
);

test("starts the embedded API and the app, and stops both on Ctrl-C", async () => {
  child = spawn(process.execPath, [script], {
    env: { ...env, PREP_API_PORT: "0", APP_PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const output = await waitForOutput(child, /Press Ctrl-C to stop/);
  const apiUrl = output.match(/Embedded Prep API: (\S+)/)?.[1] as string;
  const appUrl = output.match(/App: +(\S+)/)?.[1] as string;
  expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

  expect(await (await fetch(appUrl)).text()).toContain('<div id="root">');
  const id = seedConnections[0]?.connectionId as string;
  const proxied = await fetch(`${appUrl}prep/api/v1/connections/${id}`);
  expect(proxied.status).toBe(200);
  expect((await proxied.json()).body.connectionId).toBe(id);
  // The embedded API itself wants the token that only the app's server adds.
  expect((await fetch(`${apiUrl}/api/v1/connections/${id}`)).status).toBe(401);

  child.kill("SIGINT");
  const [code] = await once(child, "exit");
  expect(code).toBe(0);
  await expect(fetch(appUrl)).rejects.toThrow();
  await expect(fetch(apiUrl)).rejects.toThrow();
});
