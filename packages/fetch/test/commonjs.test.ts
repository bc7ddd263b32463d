// The CommonJS build as a CommonJS program meets it: `require("@wdata-prep/fetch")` in a Node
// process of its own (the package's `require` condition, and openapi-fetch's), then calls to the
// client against the embedded API. Loading alone proved nothing: the build once loaded, and then
// createPrepClient threw "(0, openapi_fetch.default) is not a function".
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { seedConnections } from "@wdata-prep/mock-server";
import { expect, test } from "vitest";
import { token } from "./fixtures.ts";
import { startMockApi } from "./mockApi.ts";

const packageDir = new URL("..", import.meta.url).pathname;

/** Runs `script` as CommonJS in a new Node process whose working directory is this package. */
async function runCommonJs(script: string, args: string[]): Promise<string> {
  if (!existsSync(new URL("../dist/index.cjs", import.meta.url))) {
    throw new Error("dist/index.cjs is missing: run `pnpm run build` before the tests");
  }
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--input-type=commonjs", "--eval", script, "--", ...args],
    // Nothing from the developer's environment, such as a token, stands in for an option.
    { cwd: packageDir, env: { PATH: process.env.PATH } },
  );
  return stdout;
}

test("require() gives a client that gets a connection and refreshes it to the end", async () => {
  const api = await startMockApi();
  // Its runs complete (seedRunOutcomes).
  const connection = seedConnections[0];
  const script = `
const { createPrepClient, isPrepError } = require("@wdata-prep/fetch");
const [baseUrl, token, connectionId] = process.argv.slice(1);
const prep = createPrepClient({ baseUrl, token });
(async () => {
  const found = await prep.getConnection(connectionId);
  const run = await prep.refreshAndWait(connectionId, { pollIntervalMs: 10 });
  const missing = await prep.getConnection("0".repeat(32)).catch((error) => error);
  console.log(JSON.stringify({
    name: found.name,
    status: [run.sourceStatus, run.destinationStatus],
    missing: [isPrepError(missing), missing.status],
  }));
})();
`;

  const printed = await runCommonJs(script, [api.url, token, connection?.connectionId ?? ""]);

  expect(JSON.parse(printed)).toEqual({
    name: connection?.name,
    status: ["complete", "complete"],
    missing: [true, 404],
  });
  expect(api.requests.map(({ method, path }) => `${method} ${path.split("/").at(-1)}`)).toEqual([
    `GET ${connection?.connectionId}`,
    "POST refresh",
    "GET status",
    `GET ${"0".repeat(32)}`,
  ]);
});
