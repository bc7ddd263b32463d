import { rejectsWith } from "@wdata-prep/checks/rejection";
import { describe, expect, test } from "vitest";
import { envelope, renderings, token } from "../test/fixtures.ts";
import { reply, startTestServer } from "../test/startTestServer.ts";
import { createPrepClient } from "./client.ts";
import { PrepError } from "./errors.ts";
import { resolveConfig } from "./options.ts";

describe("resolveConfig", () => {
  test("defaults to the us region, 2 retries, 60 s and no token", () => {
    const { baseUrl, headers, send } = resolveConfig({});

    expect(baseUrl).toBe("https://h.app.wdesk.com/s/wdata/prep");
    expect(headers.get("accept")).toBe("application/json");
    expect(send).toMatchObject({ timeoutMs: 60_000, maxRetries: 2 });
    expect(send.token).toBeUndefined();
  });

  test("a region picks its server", () => {
    expect(resolveConfig({ region: "eu" }).baseUrl).toBe("https://h.eu.wdesk.com/s/wdata/prep");
    expect(resolveConfig({ region: "apac" }).baseUrl).toBe("https://h.apac.wdesk.com/s/wdata/prep");
  });
});

describe("a bad option fails at once, before any request", () => {
  test.each([
    [
      "both token and clientCredentials",
      { token, clientCredentials: { clientId: "i", clientSecret: "s" } },
      /a token or clientCredentials, not both/,
    ],
    [
      "a base URL that is not http(s)",
      { baseUrl: "ftp://127.0.0.1/prep" },
      /baseUrl must be an http\(s\) URL/,
    ],
    ["a base URL that is not a URL", { baseUrl: "not a url" }, /baseUrl must be an http\(s\) URL/],
    [
      "a log level that does not exist",
      { logLevel: "verbose" as never },
      /^logLevel must be one of off,error,warn,info,debug, not "verbose"$/,
    ],
    [
      "a logger without the four methods",
      { logger: { log: () => {} } as never },
      /^logger must have debug, info, warn and error functions, as console does$/,
    ],
    [
      "a plain-http base URL that is not loopback",
      { baseUrl: "http://prep.example.com" },
      /baseUrl must use https:/,
    ],
    [
      "a base URL with a query",
      { baseUrl: "https://prep.example.com/?a=1" },
      /without credentials, query or fragment/,
    ],
    [
      "a base URL with credentials",
      { baseUrl: "https://u:p@prep.example.com" },
      /without credentials/,
    ],
    [
      "an unknown region",
      { region: "mars" as never },
      /region must be one of us,eu,apac, not "mars"/,
    ],
    ["a negative timeoutMs", { timeoutMs: -1 }, /timeoutMs must be 1 to 2147483647, not -1/],
    [
      "a timeoutMs of 2 ** 31",
      { timeoutMs: 2 ** 31 },
      /timeoutMs must be 1 to 2147483647, not 2147483648/,
    ],
    ["an infinite timeoutMs", { timeoutMs: Number.POSITIVE_INFINITY }, /not Infinity/],
    ["a timeoutMs that is not a number", { timeoutMs: "5" as never }, /timeoutMs must be/],
    ["a negative maxRetries", { maxRetries: -1 }, /maxRetries must be a whole number >= 0, not -1/],
    [
      "a token with a line break",
      { token: `${token}\n` },
      /token must be a string of visible ASCII/,
    ],
    ["an empty token", { token: "" }, /token must be a string of visible ASCII/],
    [
      "an invalid header",
      { headers: { "x-key": `${token}\nx-evil: 1` } },
      /^headers\["x-key"\] is not a valid HTTP header$/,
    ],
    [
      "client credentials without a secret",
      { clientCredentials: { clientId: "i" } as never },
      /need a clientId and a clientSecret/,
    ],
    [
      "a plain-http token URL",
      {
        clientCredentials: {
          clientId: "i",
          clientSecret: "s",
          tokenUrl: "http://idp.example.com/token",
        },
      },
      /tokenUrl must use https:/,
    ],
  ])("createPrepClient rejects %s", async (_, options, message) => {
    const error = await rejectsWith(() => createPrepClient(options), PrepError);

    expect(error.message).toMatch(message);
    for (const text of renderings(error)) expect(text).not.toContain(token);
  });

  test.each(["http://localhost:8080", "http://127.0.0.2:1", "http://[::1]:1"])(
    "accepts the loopback base URL %s",
    (baseUrl) => {
      expect(() => createPrepClient({ baseUrl, token })).not.toThrow();
    },
  );

  test.each([
    "http://app.localhost",
    "http://localhost.evil.example",
    "http://127.0.0.1.evil.example",
  ])("refuses the plain-http base URL %s, which is not loopback", (baseUrl) => {
    expect(() => createPrepClient({ baseUrl, token })).toThrow(/baseUrl must use https:/);
  });
});

describe("a token function", () => {
  test("that throws or returns no token fails the call before the request", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const cause = new Error("vault unreachable");
    const throwing = createPrepClient({ baseUrl: server.url, token: () => Promise.reject(cause) });
    const empty = createPrepClient({ baseUrl: server.url, token: () => "" });

    const thrown = await rejectsWith(throwing.getConnection("c1"), PrepError);
    const returned = await rejectsWith(empty.getConnection("c1"), PrepError);

    expect(thrown.message).toBe("The token function failed");
    expect(thrown.cause).toBe(cause);
    expect(returned.message).toMatch(/token must be a string/);
    expect(server.requests).toHaveLength(0);
  });
});
