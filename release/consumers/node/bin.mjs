// The mock's command, installed as npm installs a `bin` (what `npx wdata-prep-mock` runs): it
// announces its URL, serves the seeded connections, and exits with 0 on SIGTERM.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";

const bin = "node_modules/.bin/wdata-prep-mock";
const child = spawn(bin, ["--port", "0", "--token", "t"], { stdio: ["ignore", "pipe", "inherit"] });
let output = "";
const url = await new Promise((resolve, reject) => {
  child.stdout.on("data", (chunk) => {
    output += chunk;
    const found = output.match(/listening on (http:\/\/\S+)\n/)?.[1];
    if (found) resolve(found);
  });
  child.on("exit", (code) => reject(new Error(`wdata-prep-mock exited with ${code}: ${output}`)));
});
const answer = await fetch(`${url}/api/v1/connections?limit=1`, {
  headers: { authorization: "Bearer t" },
});
assert.equal(answer.status, 200);
assert.equal((await answer.json()).body.length, 1);
child.kill("SIGTERM");
const [code] = await once(child, "exit");
assert.equal(code, 0);
console.log(JSON.stringify([`${bin} serves the seeded connections and exits with 0 on SIGTERM`]));
