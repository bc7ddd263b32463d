// The app's /prep proxy against a stand-in for the Prep API and its token endpoint on 127.0.0.1:
// the token is fetched and added on the server side, only the documented operations and query
// parameters are forwarded, and a refused client shows as 401, never as a network failure.
import { createServer, get, type IncomingMessage, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { resolveRef, spec } from "@wdata-prep/checks/spec";
import { createPrepClient, type PrepClient } from "@wdata-prep/fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { forwardedOperations, maxBodyBytes } from "../server/prepProxy.mjs";
import { startExample } from "../server/startExample.mjs";
import { startScript } from "./startScript.ts";

const SECRET = "s3cret-client-value";
const received: { method?: string; url?: string; authorization?: string; body?: string }[] = [];
let upstream: Server;
let upstreamUrl: string;

function answer(req: IncomingMessage): { status: number; body: unknown } {
  if (req.url === "/oauth2/token") {
    const [id, secret] = Buffer.from(String(req.headers.authorization).slice(6), "base64")
      .toString()
      .split(":");
    return id === "client-id" && secret === SECRET
      ? { status: 200, body: { access_token: "token-1", expires_in: 599, token_type: "Bearer" } }
      : { status: 401, body: { error: "invalid_client", error_description: "Unknown client" } };
  }
  const id = decodeURIComponent(req.url?.split("?")[0]?.split("/")[4] ?? "");
  return { status: 200, body: { body: { connectionId: id, name: "Stand-in" }, code: 200 } };
}

beforeAll(async () => {
  upstream = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString() || undefined;
    const { method, url, headers } = req;
    received.push({ method, url, authorization: headers.authorization, ...(body && { body }) });
    if (url?.startsWith("/api/v1/connections/hang")) return; // never answers
    if (url?.startsWith("/api/v1/connections/moved")) {
      res.writeHead(302, { location: "/api/v1/connections/elsewhere" }).end();
      return;
    }
    const answered = answer(req);
    res.writeHead(answered.status, { "content-type": "application/json" });
    res.end(JSON.stringify(answered.body));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => {
  upstream.closeAllConnections();
  return new Promise((resolve) => upstream.close(resolve));
});
beforeEach(() => {
  received.length = 0;
});

/** A request with the path sent exactly as written (fetch would resolve dot segments first). */
function rawRequest(url: string, path: string, method = "GET"): Promise<number> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    get({ hostname, port, path, method }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on("error", reject);
  });
}

/**
 * Sends `request` as it is on a new connection, which then sends nothing more, and resolves with
 * the app's answer once the app has closed the connection.
 */
function exchange(
  url: string,
  request: Buffer,
): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("end", () => {
      const [head = "", body = ""] = Buffer.concat(chunks).toString().split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), head, body });
    });
    socket.on("error", reject);
    socket.write(request);
  });
}

/** A client with the stand-in's client credentials, as the app's server would make it. */
function credentialsClient(clientSecret: string): PrepClient {
  return createPrepClient({
    baseUrl: upstreamUrl,
    clientCredentials: {
      clientId: "client-id",
      clientSecret,
      tokenUrl: `${upstreamUrl}/oauth2/token`,
    },
    maxRetries: 0,
  });
}

async function withExample(client: PrepClient, run: (appUrl: string) => Promise<void>) {
  const example = await startExample({ apiPort: 0, appPort: 0, client });
  try {
    expect(example.api).toBeUndefined();
    expect(example.apiUrl).toBe(upstreamUrl);
    await run(example.appUrl);
  } finally {
    await example.close();
  }
}

describe("the /prep proxy with client credentials", () => {
  test("adds a bearer token fetched once on the server, and forwards the documented query", async () => {
    await withExample(credentialsClient(SECRET), async (appUrl) => {
      const first = await fetch(
        `${appUrl}prep/api/v1/connections/c-1?workspaceId=w-1&access_token=z&foo=bar`,
      );
      expect(first.status).toBe(200);
      expect((await first.json()).body.connectionId).toBe("c-1");
      await fetch(`${appUrl}prep/api/v1/connections/a%2Fb`);
    });
    expect(received.filter((r) => r.url === "/oauth2/token")).toHaveLength(1);
    const apiCalls = received.filter((r) => r.url?.startsWith("/api/"));
    expect(apiCalls.map((r) => r.url)).toEqual([
      "/api/v1/connections/c-1?workspaceId=w-1",
      "/api/v1/connections/a%2Fb",
    ]);
    expect(apiCalls.every((r) => r.authorization === "Bearer token-1")).toBe(true);
  });

  test("forwards the six operations with their documented query parameters and JSON bodies", async () => {
    const batch = [{ connectionId: "c-1" }, { connectionId: "c-2" }];
    await withExample(credentialsClient(SECRET), async (appUrl) => {
      const prep = `${appUrl}prep/api/v1/connections`;
      const post = (url: string, body: unknown) =>
        fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      const statuses = [
        (await fetch(`${prep}?destinationType=spreadsheet&destinationId=d-1&limit=2&x=1`)).status,
        (await post(`${prep}/c-1/refresh?x=1`, { connectionId: "c-1" })).status,
        (await fetch(`${prep}/c-1/status?jobId=j-1&workspaceId=w-1&x=1`)).status,
        (await post(`${prep}/batch/refresh?cancelUnwritables=true&x=1`, batch)).status,
        (await fetch(`${prep}/batch/refresh/b-1?workspaceId=w-1&x=1`)).status,
      ];
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
    });
    const apiCalls = received.filter((r) => r.url?.startsWith("/api/"));
    expect(apiCalls.map(({ method, url, body }) => [method, url, body])).toEqual([
      [
        "GET",
        "/api/v1/connections?destinationType=spreadsheet&destinationId=d-1&limit=2",
        undefined,
      ],
      ["POST", "/api/v1/connections/c-1/refresh", JSON.stringify({ connectionId: "c-1" })],
      ["GET", "/api/v1/connections/c-1/status?jobId=j-1&workspaceId=w-1", undefined],
      ["POST", "/api/v1/connections/batch/refresh?cancelUnwritables=true", JSON.stringify(batch)],
      ["GET", "/api/v1/connections/batch/refresh/b-1?workspaceId=w-1", undefined],
    ]);
    expect(apiCalls.every((r) => r.authorization === "Bearer token-1")).toBe(true);
  });

  test("refuses a POST whose body is not JSON, without forwarding it", async () => {
    await withExample(credentialsClient(SECRET), async (appUrl) => {
      const response = await fetch(`${appUrl}prep/api/v1/connections/c-1/refresh`, {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "refresh please",
      });
      expect(response.status).toBe(400);
    });
    expect(received).toEqual([]);
  });

  test("answers 413 to a body over the limit before it has all arrived, and closes the connection", async () => {
    await withExample(credentialsClient(SECRET), async (appUrl) => {
      const { host } = new URL(appUrl);
      const head = (framing: string) =>
        Buffer.from(
          `POST /prep/api/v1/connections/batch/refresh HTTP/1.1\r\nhost: ${host}\r\n` +
            `content-type: application/json\r\n${framing}\r\n\r\n`,
        );
      // Declared too long: answered before any of the body is sent.
      const declared = await exchange(appUrl, head(`content-length: ${maxBodyBytes + 1}`));
      // In chunks with no length: answered once one byte past the limit has arrived, while the
      // chunk goes on and the body never ends.
      const chunked = await exchange(
        appUrl,
        Buffer.concat([
          head("transfer-encoding: chunked"),
          Buffer.from(`${(2 * maxBodyBytes).toString(16)}\r\n`),
          Buffer.alloc(maxBodyBytes + 1, " "),
        ]),
      );
      for (const answer of [declared, chunked]) {
        expect(answer.status).toBe(413);
        expect(answer.head).toMatch(/^connection: close$/im);
        expect(JSON.parse(answer.body)).toEqual({
          body: "The app's proxy forwards a request body of at most 1 MiB.",
          code: 413,
        });
      }
    });
    expect(received).toEqual([]);
  });

  test("forwards nothing but the documented operations", async () => {
    await withExample(credentialsClient(SECRET), async (appUrl) => {
      for (const path of [
        "/prep/%2e%2e/%2e%2e/iam/v1/users",
        "/prep/api/v1/connections/%2e%2e",
        "/prep/api/v1/connections/%2E",
        "/prep/api/v1/connections/a/b",
        "/prep/api/v1/connections/",
        "/prep/api/v2/things",
      ]) {
        expect(await rawRequest(appUrl, path), path).toBe(404);
      }
      for (const method of ["POST", "HEAD", "DELETE"]) {
        expect(await rawRequest(appUrl, "/prep/api/v1/connections/c-1", method), method).toBe(405);
      }
      for (const path of [
        "/prep/api/v1/connections/c-1/refresh",
        "/prep/api/v1/connections/batch/refresh",
      ]) {
        expect(await rawRequest(appUrl, path, "GET"), path).toBe(405);
      }
    });
    expect(received).toEqual([]);
  });

  test("never follows an upstream redirect with the token", async () => {
    await withExample(credentialsClient(SECRET), async (appUrl) => {
      const response = await fetch(`${appUrl}prep/api/v1/connections/moved`);
      expect(response.status).toBe(502);
      expect((await response.json()).body).toMatch(/redirect/);
    });
    expect(received.map((r) => r.url)).toEqual(["/oauth2/token", "/api/v1/connections/moved"]);
  });

  test("answers 504 when the upstream request runs out of time", async () => {
    // A token of the client's own: the only request its time limit can cut is the one that
    // hangs, however slowly a busy machine answers the token request.
    const client = createPrepClient({
      baseUrl: upstreamUrl,
      token: "token-1",
      maxRetries: 0,
      timeoutMs: 300,
    });
    await withExample(client, async (appUrl) => {
      const response = await fetch(`${appUrl}prep/api/v1/connections/hang`);
      expect(response.status).toBe(504);
    });
    expect(received.map((r) => [r.url, r.authorization])).toEqual([
      ["/api/v1/connections/hang", "Bearer token-1"],
    ]);
  });

  test("a refused client becomes a 401 that names the OAuth error, never the secret", async () => {
    await withExample(credentialsClient("wrong-secret"), async (appUrl) => {
      const response = await fetch(`${appUrl}prep/api/v1/connections/c-1`);
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        body: "The app's server could not get a token (invalid_client).",
        code: 401,
      });
      expect(text).not.toContain("wrong-secret");
    });
    expect(received.map((r) => r.url)).toEqual(["/oauth2/token"]);
  });
});

test("the start script reads the SDK's environment variables for a Prep API of its own", async () => {
  const { output, appUrl } = await startScript({
    WORKIVA_CLIENT_ID: "client-id",
    WORKIVA_CLIENT_SECRET: SECRET,
    WORKIVA_TOKEN_URL: `${upstreamUrl}/oauth2/token`,
    WDATA_PREP_BASE_URL: upstreamUrl,
  });
  expect(output).toContain(
    `Prep API: ${upstreamUrl} (a bearer token is added by the app's server)`,
  );
  expect((await fetch(`${appUrl}prep/api/v1/connections/c-2`)).status).toBe(200);
  expect(received.map((r) => [r.url, r.authorization])).toEqual([
    ["/oauth2/token", expect.stringMatching(/^Basic /)],
    ["/api/v1/connections/c-2", "Bearer token-1"],
  ]);
});

test("each forwarded operation takes exactly the query parameters the spec documents", () => {
  for (const { method, path, query } of forwardedOperations) {
    const operation = spec.paths[path][method.toLowerCase()];
    const documented = (operation.parameters ?? [])
      .map((parameter: object) => resolveRef<{ name: string; in: string }>(parameter))
      .filter((parameter: { in: string }) => parameter.in === "query")
      .map((parameter: { name: string }) => parameter.name);
    expect([...query].sort(), `${method} ${path}`).toEqual(documented.sort());
  }
});

test("forwards exactly the six operations of the spec's connections family", () => {
  const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
  const family = Object.entries<Record<string, { tags?: string[] }>>(spec.paths).flatMap(
    ([path, item]) =>
      methods
        .filter((method) => item[method]?.tags?.includes("Connections"))
        .map((method) => `${method.toUpperCase()} ${path}`),
  );
  const forwarded = forwardedOperations.map(({ method, path }) => `${method} ${path}`);
  expect(forwarded).toHaveLength(6);
  expect([...forwarded].sort()).toEqual([...family].sort());
});
