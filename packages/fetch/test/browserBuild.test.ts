import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import { seedConnections } from "@wdata-prep/mock-server";
import { describe, expect, test } from "vitest";
import type * as Package from "../src/index.ts";
import { envelope, token } from "./fixtures.ts";
import { startMockApi } from "./mockApi.ts";
import { reply, startTestServer } from "./startTestServer.ts";

const clientSecret = "s3cr3t+/=:%é";
const path = "/api/v1/connections/";
const file = new URL("../dist/index.browser.js", import.meta.url);

/** The browser build, as a bundler that honours the `browser` condition gives it to an app. */
async function browserBuild(): Promise<typeof Package> {
  try {
    readFileSync(file);
  } catch {
    throw new Error("dist/index.browser.js is missing: run `pnpm run build` before the tests");
  }
  return import(fileURLToPath(file));
}

/** Where Node resolves the package from its own directory under the given conditions. */
function resolveWith(conditions: string[]): string {
  const script = "console.log(import.meta.resolve('@wdata-prep/fetch'))";
  const flags = conditions.map((condition) => `--conditions=${condition}`);
  const args = [...flags, "--input-type=module", "--eval", script];
  const cwd = fileURLToPath(new URL("..", import.meta.url));
  return execFileSync(process.execPath, args, { cwd, encoding: "utf8" }).trim();
}

describe("the browser build", () => {
  test("is what the browser condition resolves to; Node gets the full build", () => {
    expect(resolveWith(["browser"])).toMatch(/\/dist\/index\.browser\.js$/);
    expect(resolveWith([])).toMatch(/\/dist\/index\.js$/);
  });

  test("exports the same names as the full build", async () => {
    const full = await import("../src/index.ts");

    expect(Object.keys(await browserBuild()).sort()).toEqual(Object.keys(full).sort());
  });

  test("contains no token provider and reads no environment variable", () => {
    const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");

    // Not `btoa` itself: the redaction of a token's base64 form, in both builds, uses it.
    expect(code).not.toMatch(/client_credentials|grant_type|oauth2|Basic |access_token|expires_in/);
    expect(code).not.toMatch(/WDATA_PREP_|WORKIVA_|process|\benv\b/);
  });

  test("createTokenProvider and clientCredentials throw a PrepError at once, before any request", async () => {
    const { createPrepClient, createTokenProvider, PrepError } = await browserBuild();
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const clientCredentials = { clientId: "id", clientSecret, tokenUrl: `${server.url}/token` };

    const errors = [
      await rejectsWith(() => createTokenProvider(clientCredentials), PrepError),
      await rejectsWith(
        () => createPrepClient({ baseUrl: server.url, clientCredentials }),
        PrepError,
      ),
    ];

    for (const error of errors) {
      expect(error.message).toMatch(/^A client secret must never reach a browser/);
      expect(error.message).toMatch(/a token from your back end, or a proxy/);
      expect(`${error.stack} ${JSON.stringify(error)}`).not.toContain(clientSecret);
    }
    expect(server.requests).toHaveLength(0);
  });

  test("sends a GET with the token and the headers, and unwraps the connection", async () => {
    const { createPrepClient } = await browserBuild();
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token, headers: { "x-trace": "t1" } });

    await expect(prep.getConnection("a/../b", { workspaceId: "w1" })).resolves.toEqual(
      envelope.body,
    );

    const [request] = server.requests;
    expect(request?.url).toBe(`${path}a%2F..%2Fb?workspaceId=w1`);
    expect(request?.headers.authorization).toBe(`Bearer ${token}`);
    expect(request?.headers.accept).toBe("application/json");
    expect(request?.headers["x-trace"]).toBe("t1");
  });

  test("retries a 503, calling the token function before every attempt", async () => {
    const { createPrepClient } = await browserBuild();
    const server = await startTestServer((_, res, i) =>
      reply(res, i === 0 ? 503 : 200, envelope, { "retry-after-ms": "0" }),
    );
    let calls = 0;
    const prep = createPrepClient({ baseUrl: server.url, token: async () => `t${++calls}` });

    await prep.getConnection("c1");

    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
  });

  test("turns an error status into its error class, with the facts of the response", async () => {
    const { createPrepClient, NotFoundError, PrepApiError } = await browserBuild();
    const body = { body: "No such connection", code: 404 };
    const server = await startTestServer((_, res) =>
      reply(res, 404, body, { "x-request-id": "req-1" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(prep.getConnection("c1"), NotFoundError);

    expect(error).toBeInstanceOf(PrepApiError);
    expect(error.message).toBe("404 No such connection");
    expect([error.status, error.code, error.requestId, error.body]).toEqual([
      404,
      404,
      "req-1",
      body,
    ]);
  });

  test("times out, and aborts with the caller's signal", async () => {
    const { createPrepClient, PrepAbortError, PrepConnectionTimeoutError } = await browserBuild();
    const server = await startTestServer(() => {});
    // Long enough for the request to reach the server even on a busy machine.
    const prep = createPrepClient({ baseUrl: server.url, token, timeoutMs: 500, maxRetries: 0 });

    await expect(prep.getConnection("c1")).rejects.toBeInstanceOf(PrepConnectionTimeoutError);
    expect(server.requests).toHaveLength(1);

    await expect(prep.getConnection("c1", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      PrepAbortError,
    );
    expect(server.requests).toHaveLength(1);
  });

  test("walks every connection, and runs one and waits for it, as the full build does", async () => {
    const { createPrepClient, PrepRunError } = await browserBuild();
    const server = await startMockApi({ runDurationMs: 20 });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const names: (string | undefined)[] = [];

    for await (const connection of prep.listConnections({ limit: 20 })) names.push(connection.name);
    const run = await prep.refreshAndWait(
      seedConnections[0]?.connectionId ?? "",
      {},
      {
        pollIntervalMs: 5,
      },
    );
    const failed = await rejectsWith(
      prep.refreshAndWait("83de9f54526cf725b220565e11721dd5", {}, { pollIntervalMs: 5 }),
      PrepRunError,
    );

    expect(names).toEqual(seedConnections.map((c) => c.name));
    expect([run.sourceStatus, run.destinationStatus]).toEqual(["complete", "complete"]);
    expect(failed.outcome).toBe("cancelled");
  });

  test("checks its options like the full build", async () => {
    const { createPrepClient, PrepError } = await browserBuild();

    const error = await rejectsWith(
      () => createPrepClient({ baseUrl: "http://prep.example.com", token }),
      PrepError,
    );

    expect(error.message).toMatch(/baseUrl must use https:/);
  });
});
