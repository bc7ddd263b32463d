// The example's start script, which `pnpm start` runs once the packages are built: it prints
// both URLs and how long a run takes, serves the app and the proxied API (list, get, refresh),
// and stops both on Ctrl-C (SIGINT), exit code 0.
import { once } from "node:events";
import { seedConnections } from "@wdata-prep/mock-server";
import { expect, test } from "vitest";
import { startScript } from "./startScript.ts";

test("starts the embedded API and the app, and stops both on Ctrl-C", async () => {
  const { child, output, appUrl } = await startScript();
  const apiUrl = output.match(/Embedded Prep API: (\S+)/)?.[1] as string;
  expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(output).toContain(`Embedded Prep API: ${apiUrl} (a run takes 2 s)`);
  expect(appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

  expect(await (await fetch(appUrl)).text()).toContain('<div id="root">');
  const id = seedConnections[0]?.connectionId as string;
  const proxied = await fetch(`${appUrl}prep/api/v1/connections/${id}`);
  expect(proxied.status).toBe(200);
  expect((await proxied.json()).body.connectionId).toBe(id);
  const list = await fetch(`${appUrl}prep/api/v1/connections?limit=15`);
  expect(list.status).toBe(200);
  const firstPage = await list.json();
  expect(firstPage.body).toHaveLength(15);
  expect(firstPage.cursor).toEqual(expect.any(String));
  const refresh = await fetch(`${appUrl}prep/api/v1/connections/${id}/refresh`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  expect(refresh.status).toBe(200);
  expect((await refresh.json()).body.connectionId).toBe(id);
  // The embedded API itself wants the token that only the app's server adds.
  expect((await fetch(`${apiUrl}/api/v1/connections/${id}`)).status).toBe(401);

  child.kill("SIGINT");
  const [code] = await once(child, "exit");
  expect(code).toBe(0);
  await expect(fetch(appUrl)).rejects.toThrow();
  await expect(fetch(apiUrl)).rejects.toThrow();
});
