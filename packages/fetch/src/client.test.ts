import { describe, expect, onTestFinished, test, vi } from "vitest";
import { envelope, token } from "../test/fixtures.ts";
import { reply, startTestServer } from "../test/startTestServer.ts";
import { createPrepClient } from "./client.ts";

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
    for (const name of ["WDATA_PREP_TOKEN", "WORKIVA_CLIENT_ID", "WORKIVA_CLIENT_SECRET"]) {
      vi.stubEnv(name, "");
    }
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
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
