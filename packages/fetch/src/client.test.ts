import { rejectsWith } from "@wdata-prep/checks/rejection";
import type { Connection } from "@wdata-prep/core";
import { seedConnections, seedRunOutcomes } from "@wdata-prep/mock-server";
import type { Middleware } from "openapi-fetch";
import { describe, expect, onTestFinished, test, vi } from "vitest";
import { envelope, renderings, token } from "../test/fixtures.ts";
import { startMockApi } from "../test/mockApi.ts";
import { reply, startTestServer } from "../test/startTestServer.ts";
import { createPrepClient } from "./client.ts";
import { PrepError } from "./errors.ts";

/** Sets no token nor credentials from the developer's own environment, for this test. */
function withoutEnvironmentCredentials(): void {
  for (const name of ["WDATA_PREP_TOKEN", "WORKIVA_CLIENT_ID", "WORKIVA_CLIENT_SECRET"]) {
    vi.stubEnv(name, "");
  }
  onTestFinished(() => {
    vi.unstubAllEnvs();
  });
}

const path = "/api/v1/connections/";

describe("a client's base URL", () => {
  test("is the region's server unless a base URL is given, without a trailing slash", () => {
    expect(createPrepClient({ region: "eu", token }).baseUrl).toBe(
      "https://h.eu.wdesk.com/s/wdata/prep",
    );
    expect(createPrepClient({ token }).baseUrl).toBe("https://h.app.wdesk.com/s/wdata/prep");
    expect(createPrepClient({ baseUrl: "http://127.0.0.1:4010/", token }).baseUrl).toBe(
      "http://127.0.0.1:4010",
    );
  });
});

describe("a client's cache scope", () => {
  test("is its base URL unless given, and never holds a credential", () => {
    expect(createPrepClient({ region: "eu", token }).cacheScope).toBe(
      "https://h.eu.wdesk.com/s/wdata/prep",
    );
    expect(createPrepClient({ baseUrl: "http://127.0.0.1:4010/", token }).cacheScope).toBe(
      "http://127.0.0.1:4010",
    );
    expect(createPrepClient({ baseUrl: "/prep/" }).cacheScope).toBe("/prep");
    expect(createPrepClient({ token, cacheScope: "prep-eu" }).cacheScope).toBe("prep-eu");
  });

  test("lets a server's client and a browser's client that reach the same API say so", () => {
    const server = createPrepClient({ region: "eu", token, cacheScope: "prep-eu" });
    const browser = createPrepClient({ baseUrl: "/prep", cacheScope: "prep-eu" });

    expect(server.cacheScope).toBe(browser.cacheScope);
    expect([server.baseUrl, browser.baseUrl]).toEqual([
      "https://h.eu.wdesk.com/s/wdata/prep",
      "/prep",
    ]);
  });

  test.each([
    ["", "an empty scope"],
    ["  ", "a blank scope"],
    [42, "a number"],
  ])("refuses %j, %s", (cacheScope: unknown, _: string) => {
    expect(() => createPrepClient({ token, cacheScope: cacheScope as string })).toThrow(
      /^cacheScope must be a non-blank, well-formed string$/,
    );
  });
});

describe("a base URL that is a path", () => {
  test("is kept as given, and creating the client where there is no page does not throw", () => {
    const prep = createPrepClient({ baseUrl: "/prep/" });

    expect(prep.baseUrl).toBe("/prep");
    // The root of the page keeps its one slash.
    expect(createPrepClient({ baseUrl: "/" }).baseUrl).toBe("/");
  });

  test("fails a request where there is no page with a PrepError that says why, sending nothing", async () => {
    const idp = await startTestServer((_, res) => reply(res, 200, { access_token: "t1" }));
    const prep = createPrepClient({
      baseUrl: "/prep",
      clientCredentials: { clientId: "i", clientSecret: "s", tokenUrl: `${idp.url}/token` },
    });

    const errors = [
      await rejectsWith(prep.getConnection("c1"), PrepError),
      await rejectsWith(prep.raw.GET("/api/v1/connections"), PrepError),
      await rejectsWith(prep.refreshAndWait("c1"), PrepError),
    ];

    for (const error of errors) {
      expect(error.message).toBe(
        'baseUrl "/prep" is a path, and there is no page to resolve it against here (as during server rendering): a request needs an absolute baseUrl',
      );
    }
    // Not even the token was asked for.
    expect(idp.requests).toHaveLength(0);
  });

  test("resolves against the page at each request: the call goes to the page's origin", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: "/prep", token });
    vi.stubGlobal("location", { href: `${server.url}/app/index.html` });
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });

    await expect(prep.getConnection("c1")).resolves.toEqual(envelope.body);

    expect(server.requests.map((request) => request.url)).toEqual(["/prep/api/v1/connections/c1"]);
  });

  test("fails a request from a page it resolves to no http(s) URL against, such as a file", async () => {
    const prep = createPrepClient({ baseUrl: "/prep", token });
    vi.stubGlobal("location", { href: "file:///home/app/index.html" });
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });

    const error = await rejectsWith(prep.getConnection("c1"), PrepError);

    expect(error.message).toBe(
      "baseUrl must be an http(s) URL without credentials, query or fragment",
    );
  });

  test.each([
    ["/prep?x=1", /baseUrl must be an http\(s\) URL without credentials, query or fragment/],
    ["/prep#top", /baseUrl must be an http\(s\) URL without credentials, query or fragment/],
    ["//u:p@prep.example.com/prep", /without credentials/],
    ["prep", /baseUrl must be an http\(s\) URL/],
  ])(
    "with a query, a fragment, credentials or no leading slash, %j, is refused at once",
    (baseUrl, message) => {
      expect(() => createPrepClient({ baseUrl })).toThrow(message);
    },
  );
});

describe("the headers of a call", () => {
  test("are sent over the client's", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      headers: { "x-trace": "client", "x-app": "a1" },
    });

    await prep.getConnection("c1", { headers: { "x-trace": "call" } });
    await prep.raw.GET("/api/v1/connections/{connectionId}", {
      params: { path: { connectionId: "c1" } },
      headers: { "x-trace": "raw" },
    });

    expect(server.requests.map((r) => [r.headers["x-trace"], r.headers["x-app"]])).toEqual([
      ["call", "a1"],
      ["raw", "a1"],
    ]);
  });

  test("may not set Authorization on a client with a token or client credentials: nothing is sent", async () => {
    const server = await startTestServer((request, res) =>
      request.url === "/token"
        ? reply(res, 200, { access_token: "t1" })
        : reply(res, 200, envelope),
    );
    const credentials = { clientId: "i", clientSecret: "s", tokenUrl: `${server.url}/token` };
    const own = { authorization: `Bearer ${token}-of-the-caller` };
    const clients = [
      createPrepClient({ baseUrl: server.url, token }),
      createPrepClient({ baseUrl: server.url, clientCredentials: credentials }),
    ];
    /** A middleware that sets the header, as a caller's own auth middleware would. */
    const setsAuthorization: Middleware = {
      onRequest: ({ request }) => {
        request.headers.set("Authorization", own.authorization);
      },
    };

    const errors: PrepError[] = [];
    for (const prep of clients) {
      errors.push(await rejectsWith(prep.getConnection("c1", { headers: own }), PrepError));
      errors.push(await rejectsWith(prep.refreshAndWait("c1", {}, { headers: own }), PrepError));
      errors.push(
        await rejectsWith(
          prep.raw.GET("/api/v1/connections/{connectionId}", {
            params: { path: { connectionId: "c1" } },
            headers: own,
          }),
          PrepError,
        ),
      );
      prep.raw.use(setsAuthorization);
      errors.push(await rejectsWith(prep.getConnection("c1"), PrepError));
    }
    const created = [
      rejectsWith(() => createPrepClient({ baseUrl: server.url, token, headers: own }), PrepError),
      rejectsWith(
        () =>
          createPrepClient({ baseUrl: server.url, clientCredentials: credentials, headers: own }),
        PrepError,
      ),
    ];
    errors.push(...(await Promise.all(created)));

    for (const error of errors) {
      expect(error.message).toBe(
        "headers must not set Authorization on a client with a token or clientCredentials: the client sends its own",
      );
      for (const text of renderings(error)) expect(text).not.toContain("of-the-caller");
    }
    // Only the token of the client with credentials was asked for, by the middleware's call.
    expect(server.requests.filter((r) => r.url !== "/token")).toHaveLength(0);
  });

  test("may set Authorization on a client with neither, as behind a proxy: it is sent as given", async () => {
    withoutEnvironmentCredentials();
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, headers: { authorization: "Basic app" } });

    await prep.getConnection("c1");
    await prep.getConnection("c1", { headers: { authorization: "Bearer user-session" } });

    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      "Basic app",
      "Bearer user-session",
    ]);
  });
});

describe("middleware added with raw.use()", () => {
  test("runs once per attempt, for the typed methods and for raw alike", async () => {
    const server = await startTestServer((_, res, i) =>
      reply(res, i % 2 === 0 ? 503 : 200, envelope, { "retry-after-ms": "0" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });
    const seen: string[] = [];
    prep.raw.use({
      onRequest: ({ request }) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
      },
      onResponse: ({ response }) => {
        seen.push(String(response.status));
      },
    });

    await prep.getConnection("c1");
    await prep.raw.GET("/api/v1/connections/{connectionId}", {
      params: { path: { connectionId: "c2" } },
    });

    expect(seen).toEqual([
      "GET /api/v1/connections/c1",
      "503",
      "GET /api/v1/connections/c1",
      "200",
      "GET /api/v1/connections/c2",
      "503",
      "GET /api/v1/connections/c2",
      "200",
    ]);
  });
});

describe("middleware that throws before the request is sent", () => {
  test("fails the call with its own error, once: nothing was sent, so nothing is retried", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 2 });
    const failure = new Error("the middleware failed");
    let calls = 0;
    prep.raw.use({
      onRequest: () => {
        calls++;
        throw failure;
      },
    });

    await expect(prep.getConnection("c1")).rejects.toBe(failure);

    expect(calls).toBe(1);
    expect(server.requests).toHaveLength(0);
  });
});

describe("every request of a client", () => {
  test("is a GET of the connection with Accept, Authorization and the extra headers", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token, headers: { "x-trace": "t1" } });

    await expect(prep.getConnection("c1")).resolves.toEqual(envelope.body);

    const [request] = server.requests;
    expect(request?.method).toBe("GET");
    expect(request?.url).toBe(`${path}c1`);
    expect(request?.headers.accept).toBe("application/json");
    expect(request?.headers.authorization).toBe(`Bearer ${token}`);
    expect(request?.headers["x-trace"]).toBe("t1");
  });

  test("keeps the path of the base URL", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: `${server.url}/s/wdata/prep/`, token });

    await prep.getConnection("c1");

    expect(server.requests[0]?.url).toBe(`/s/wdata/prep${path}c1`);
    expect(prep.baseUrl).toBe(`${server.url}/s/wdata/prep`);
  });

  test("calls a token function before every attempt", async () => {
    const server = await startTestServer((_, res, i) =>
      reply(res, i === 0 ? 503 : 200, envelope, { "retry-after-ms": "0" }),
    );
    let calls = 0;
    const prep = createPrepClient({ baseUrl: server.url, token: async () => `t${++calls}` });

    await prep.getConnection("c1");

    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
  });

  test("sends no Authorization header without a token, as behind a proxy that adds it", async () => {
    // A token or credentials in the developer's own environment would stand in for the options.
    withoutEnvironmentCredentials();
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url });

    await prep.getConnection("c1");

    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  test("sends through the fetch it is given", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const sent: string[] = [];
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      fetch: (request) => {
        sent.push(`${request.method} ${request.url}`);
        return fetch(request);
      },
    });

    await prep.getConnection("c1");

    expect(sent).toEqual([`GET ${server.url}${path}c1`]);
  });
});

describe("withResponse()", () => {
  test("gives the data with the response it was read from and its request ID", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 200, envelope, { "x-request-id": "req-7" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });
    const call = prep.getConnection("c1");

    const { data, response, requestId } = await call.withResponse();

    expect(call).toBeInstanceOf(Promise);
    expect(data).toEqual(envelope.body);
    expect([response.status, response.headers.get("content-type")]).toEqual([
      200,
      "application/json",
    ]);
    expect(requestId).toBe("req-7");
    // The same call awaited gives the same data, from the one request.
    expect(await call).toEqual(envelope.body);
    expect(server.requests).toHaveLength(1);
  });

  test("leaves no rejection unhandled when only withResponse() is awaited", async () => {
    const server = await startTestServer((_, res) => reply(res, 404, { body: "gone", code: 404 }));
    const prep = createPrepClient({ baseUrl: server.url, token });
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    onTestFinished(() => {
      process.off("unhandledRejection", record);
    });

    const failed = await prep
      .getConnection("c1")
      .withResponse()
      .catch((error: PrepError) => error.name);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(failed).toBe("NotFoundError");
    expect(unhandled).toEqual([]);
  });
});

describe("the raw client", () => {
  test("has the same base URL, token and retries", async () => {
    const server = await startTestServer((_, res, i) =>
      reply(res, i === 0 ? 503 : 200, envelope, { "retry-after-ms": "0" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const { data, response } = await prep.raw.GET("/api/v1/connections/{connectionId}", {
      params: { path: { connectionId: "c1" } },
    });

    expect(response.status).toBe(200);
    expect(data).toEqual(envelope);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers.authorization).toBe(`Bearer ${token}`);
  });
});

describe("an option given as undefined", () => {
  test("is an option left out, for the client and every call", async () => {
    const server = await startMockApi();
    // Two connections whose runs complete, writing into one spreadsheet.
    const completing = seedConnections.filter(
      (c) => (seedRunOutcomes[c.connectionId as string]?.type ?? "complete") === "complete",
    );
    const [first, second] = completing.filter(
      (c, _, all) => all.filter((other) => other.destinationId === c.destinationId).length > 1,
    ) as [Connection, Connection];
    expect(second.destinationId).toBe(first.destinationId);
    const connectionId = first.connectionId as string;
    const request = {
      signal: undefined,
      timeoutMs: undefined,
      maxRetries: undefined,
      headers: undefined,
    };
    const wait = { ...request, deadlineMs: undefined, pollIntervalMs: 1, workspaceId: undefined };
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      region: undefined,
      cacheScope: undefined,
      clientCredentials: undefined,
      maxRetries: undefined,
      timeoutMs: undefined,
      maxRequestsPerSecond: undefined,
      fetch: undefined,
      headers: undefined,
      logger: undefined,
      logLevel: undefined,
    });
    expect(prep.cacheScope).toBe(server.url);

    expect(await prep.getConnection(connectionId, { ...request, workspaceId: undefined })).toEqual(
      first,
    );
    expect((await prep.listConnections({}, { ...request, maxPages: undefined })).items).toEqual(
      seedConnections.slice(0, 50),
    );
    const run = await prep.refreshAndWait(connectionId, {}, { ...wait, onProgress: undefined });
    expect(run.sourceStatus).toBe("complete");
    const options = { ...request, jobId: run.jobId, workspaceId: undefined };
    expect(await prep.getRefreshStatus(connectionId, options)).toEqual(run);
    await prep.waitForRefresh(connectionId, { ...wait, jobId: run.jobId, onProgress: undefined });
    const items = [{ connectionId }, { connectionId: second.connectionId as string }];
    const batch = await prep.refreshBatchAndWait(items, {
      ...wait,
      onProgress: undefined,
      cancelUnwritables: undefined,
    });
    expect(batch.childRefreshes?.map((child) => child.sourceStatus)).toEqual([
      "complete",
      "complete",
    ]);
    const results = await prep.refreshMany([first], {
      ...request,
      wait: undefined,
      deadlineMs: undefined,
      pollIntervalMs: 1,
      concurrency: undefined,
      onProgress: undefined,
      cancelUnwritables: undefined,
    });
    expect(results.map((result) => result.outcome)).toEqual(["complete"]);
    // Nothing of an `undefined` reached the API: no parameter, no header.
    for (const { query, headers } of server.requests) {
      expect(Object.values(query)).not.toContain("undefined");
      expect(Object.values(headers)).not.toContain("undefined");
    }
    expect(server.requests.filter(({ query }) => "cancelUnwritables" in query)).toEqual([]);
  });
});
