// The packages' commands, installed as npm installs a `bin` (what `npx` runs): the mock's
// announces its URL, serves the seeded connections and exits with 0 on SIGTERM; the command line
// reads a connection from it, with the API and the token from the environment.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";
import { seedConnections } from "@wdata-prep/mock-server";

const token = "consumer-token";
const mock = spawn("node_modules/.bin/wdata-prep-mock", ["--port", "0", "--token", token], {
  stdio: ["ignore", "pipe", "inherit"],
});
let output = "";
const url = await new Promise((resolve, reject) => {
  mock.stdout.on("data", (chunk) => {
    output += chunk;
    const found = output.match(/listening on (http:\/\/\S+)\n/)?.[1];
    if (found) resolve(found);
  });
  mock.on("exit", (code) => reject(new Error(`wdata-prep-mock exited with ${code}: ${output}`)));
});
try {
  const answer = await fetch(`${url}/api/v1/connections?limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(answer.status, 200);
  assert.equal((await answer.json()).body.length, 1);

  const [seeded] = seedConnections;
  const { stdout } = await promisify(execFile)(
    "node_modules/.bin/wdata-prep",
    ["connections", "get", seeded.connectionId, "--json"],
    { env: { PATH: process.env.PATH, WDATA_PREP_BASE_URL: url, WDATA_PREP_TOKEN: token } },
  );
  assert.equal(JSON.parse(stdout).connection.name, seeded.name);
} finally {
  mock.kill("SIGTERM");
}
const [code] = await once(mock, "exit");
assert.equal(code, 0);
console.log(
  JSON.stringify([
    "wdata-prep-mock serves the seeded connections and exits with 0 on SIGTERM",
    "wdata-prep connections get --json reads a connection, the API and token from the environment",
  ]),
);
