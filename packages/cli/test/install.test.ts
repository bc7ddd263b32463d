// Installs the packed tarballs of @wdata-prep/cli and the two packages it depends on into a
// fresh project with npm (no workspace links; its other dependencies from the registry, as a
// user gets them), then runs the installed `wdata-prep` against the embedded API.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type PrepMockServer, seedConnections, startPrepMockServer } from "@wdata-prep/mock-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { testToken } from "./cli.ts";

const packages = new URL("../..", import.meta.url).pathname;
let project: string;
let server: PrepMockServer;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), "wdata-prep-cli-install-"));
  const packed = mkdtempSync(join(tmpdir(), "wdata-prep-cli-pack-"));
  for (const name of ["core", "fetch", "cli"]) {
    const dir = join(packages, name);
    execFileSync("pnpm", ["pack", "--pack-destination", packed], { cwd: dir, stdio: "pipe" });
  }
  const tarballs = readdirSync(packed).map((file) => join(packed, file));
  writeFileSync(join(project, "package.json"), '{ "name": "consumer", "private": true }');
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline", ...tarballs],
    { cwd: project, stdio: "pipe" },
  );
  rmSync(packed, { recursive: true, force: true });
  server = await startPrepMockServer({ token: testToken });
}, 180_000);

afterAll(async () => {
  await server?.close();
  rmSync(project, { recursive: true, force: true });
});

/**
 * Runs the installed command through the link npm made for it in node_modules/.bin, and resolves
 * with its stdout; asynchronously, for the API in this process to answer it.
 */
async function wdataPrep(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    join(project, "node_modules/.bin/wdata-prep"),
    args,
    {
      cwd: project,
      encoding: "utf8",
      env: { PATH: process.env.PATH, WDATA_PREP_BASE_URL: server.url, WDATA_PREP_TOKEN: testToken },
    },
  );
  return stdout;
}

test("the installed wdata-prep runs from its link, and knows its version", async () => {
  const { version } = JSON.parse(
    execFileSync("npm", ["ls", "@wdata-prep/cli", "--json"], { cwd: project, encoding: "utf8" }),
  ).dependencies["@wdata-prep/cli"];
  expect(await wdataPrep(["--version"])).toBe(`${version}\n`);
});

test("the installed wdata-prep lists the connections of an API", async () => {
  const { connections } = JSON.parse(await wdataPrep(["connections", "list", "--json"]));
  expect(connections).toEqual(seedConnections);
});

test("the installed wdata-prep refreshes a connection and waits for its run", async () => {
  const [connection] = seedConnections;
  const { results } = JSON.parse(
    await wdataPrep(["refresh", `${connection?.connectionId}`, "--wait", "--json"]),
  );
  expect(results).toEqual([
    expect.objectContaining({ connectionId: connection?.connectionId, outcome: "complete" }),
  ]);
});
