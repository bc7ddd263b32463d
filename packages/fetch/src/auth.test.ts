import { getEventListeners } from "node:events";
import type { ServerResponse } from "node:http";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import { describe, expect, test } from "vitest";
import { runScript } from "../test/childProcess.ts";
import { envelope, renderings } from "../test/fixtures.ts";
import {
  expectNotBefore,
  reply,
  type SeenRequest,
  startTestServer,
} from "../test/startTestServer.ts";
import { createTokenProvider, tokenProvider } from "./auth.ts";
import { createPrepClient } from "./client.ts";
import {
  AuthenticationError,
  InternalServerError,
  NotFoundError,
  PrepAbortError,
  PrepApiError,
  PrepConnectionError,
  PrepConnectionTimeoutError,
  PrepError,
  RateLimitError,
} from "./errors.ts";
import { createSecrets } from "./redact.ts";

const clientId = "client-7d1e";
const clientSecret = "s3cr3t+/=:%é";
const tokenPath = "/oauth2/token";

/**
 * A server with a token endpoint that hands out `token-1`, `token-2`, … and an API that
 * accepts only the tokens in `accepted` (every token when it is `undefined`).
 */
async function startIdentityAndApi(
  options: {
    expiresIn?: number;
    accepted?: string[];
    token?: (request: SeenRequest, res: ServerResponse, index: number) => void;
  } = {},
) {
  const server = await startTestServer((request, res, index) => {
    if (request.url.startsWith(tokenPath)) {
      if (options.token) return options.token(request, res, index);
      const expires = options.expiresIn === undefined ? {} : { expires_in: options.expiresIn };
      return reply(res, 200, {
        access_token: `token-${index + 1}`,
        token_type: "Bearer",
        ...expires,
      });
    }
    const bearer = request.headers.authorization?.replace("Bearer ", "") ?? "";
    if (options.accepted && !options.accepted.includes(bearer)) {
      return reply(res, 401, { body: "Invalid token", code: 401 });
    }
    reply(res, 200, envelope);
  });
  const credentials = { clientId, clientSecret, tokenUrl: `${server.url}${tokenPath}` };
  return { server, credentials };
}

describe("createTokenProvider", () => {
  test("asks for a token with HTTP Basic client authentication and grant_type=client_credentials", async () => {
    const { server, credentials } = await startIdentityAndApi({ expiresIn: 599 });
    const tokens = createTokenProvider({ ...credentials, scope: "data:read data:write" });

    await expect(tokens.getToken()).resolves.toBe("token-1");

    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(tokenPath);
    const basic = Buffer.from(
      `${request?.headers.authorization}`.replace("Basic ", ""),
      "base64",
    ).toString();
    expect(basic).toBe(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`);
    expect(request?.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      grant_type: "client_credentials",
      scope: "data:read data:write",
    });
  });

  test("without a scope, sends grant_type alone, asking for JSON", async () => {
    const { server, credentials } = await startIdentityAndApi({ expiresIn: 599 });

    await createTokenProvider(credentials).getToken();

    expect(server.requests[0]?.body).toBe("grant_type=client_credentials");
    expect(server.requests[0]?.headers.accept).toBe("application/json");
  });

  test("caches the token until 60 s before it expires", async () => {
    const { server, credentials } = await startIdentityAndApi({ expiresIn: 599 });
    const tokens = createTokenProvider(credentials);

    expect([await tokens.getToken(), await tokens.getToken()]).toEqual(["token-1", "token-1"]);
    expect(server.requests).toHaveLength(1);
  });

  test.each([
    ["600", 600, 540_000],
    ['"600", a string of digits,', "600", 540_000],
    ["100", 100, 90_000],
    ["1", 1, 900],
  ])(
    "renews a token whose expires_in is %s at exactly %i ms: a tenth of its lifetime before it expires, at most 60 s",
    async (_, expiresIn, renewAt) => {
      const { server, credentials } = await startIdentityAndApi({
        token: (_, res, index) =>
          reply(res, 200, { access_token: `token-${index + 1}`, expires_in: expiresIn }),
      });
      let clock = 1_000_000;
      const tokens = tokenProvider(credentials, {}, {}, createSecrets(), () => clock);

      const got = [await tokens.getToken()];
      clock += renewAt - 1;
      got.push(await tokens.getToken());
      clock += 1;
      got.push(await tokens.getToken(), await tokens.getToken());

      expect(got).toEqual(["token-1", "token-1", "token-2", "token-2"]);
      expect(server.requests).toHaveLength(2);
    },
  );

  test.each([
    ["true", true],
    ["an array holding a number", [600]],
  ])(
    "keeps a token whose expires_in is %s, neither a number nor a string, however long",
    async (_, expiresIn) => {
      const { server, credentials } = await startIdentityAndApi({
        token: (_, res, index) =>
          reply(res, 200, { access_token: `token-${index + 1}`, expires_in: expiresIn }),
      });
      let clock = 1_000_000;
      const tokens = tokenProvider(credentials, {}, {}, createSecrets(), () => clock);

      const got = [await tokens.getToken()];
      clock += 30 * 24 * 3600_000;
      got.push(await tokens.getToken());

      expect(got).toEqual(["token-1", "token-1"]);
      expect(server.requests).toHaveLength(1);
    },
  );

  test.each([
    ["null", null],
    ["0", 0],
    ["negative", -30],
    ["not a number", "soon"],
    ["an object", { seconds: 600 }],
  ])("keeps a token whose expires_in is %s until the API refuses it", async (_, expiresIn) => {
    const { server, credentials } = await startIdentityAndApi({
      token: (_, res, index) =>
        reply(res, 200, { access_token: `token-${index + 1}`, expires_in: expiresIn }),
      accepted: ["token-1"],
    });
    const prep = createPrepClient({ baseUrl: server.url, clientCredentials: credentials });

    for (const id of ["c1", "c2", "c3"]) await prep.getConnection(id);

    expect(server.requestsTo(tokenPath)).toHaveLength(1);
    expect(server.requestsTo("/api")).toHaveLength(3);
  });

  test("keeps a token without expires_in until it is invalidated", async () => {
    const { server, credentials } = await startIdentityAndApi();
    const tokens = createTokenProvider(credentials);

    expect(await tokens.getToken()).toBe("token-1");
    expect(await tokens.getToken()).toBe("token-1");
    tokens.invalidate();
    expect(await tokens.getToken()).toBe("token-2");
    expect(server.requests).toHaveLength(2);
  });

  test("concurrent calls share one token request", async () => {
    const { server, credentials } = await startIdentityAndApi({ expiresIn: 599 });
    const tokens = createTokenProvider(credentials);

    const all = await Promise.all(Array.from({ length: 50 }, () => tokens.getToken()));

    expect(new Set(all)).toEqual(new Set(["token-1"]));
    expect(server.requests).toHaveLength(1);
  });

  test("a call after an aborted token request starts a new one, which later calls share", async () => {
    let answer: () => void = () => {};
    const { server, credentials } = await startIdentityAndApi({
      // The first token request is never answered; the second once the test says.
      token: (_, res, index) => {
        if (index === 1) answer = () => reply(res, 200, { access_token: "token-2" });
      },
    });
    const tokens = createTokenProvider(credentials);
    const controller = new AbortController();

    const aborted = rejectsWith(tokens.getToken(controller.signal), PrepAbortError);
    await server.received(1);
    controller.abort();
    await aborted;
    // At once: the aborted request is not waited for.
    const second = tokens.getToken();
    await server.received(2);
    // Once the aborted request has ended: it does not take the place of the new one.
    const third = tokens.getToken();
    answer();

    expect(await Promise.all([second, third])).toEqual(["token-2", "token-2"]);
    expect(server.requests).toHaveLength(2);
  });

  test("a long-lived signal holds no listener once each token has come", async () => {
    const { server, credentials } = await startIdentityAndApi();
    const tokens = createTokenProvider(credentials);
    const { signal } = new AbortController();

    const got: string[] = [];
    for (let i = 0; i < 3; i++) {
      got.push(await tokens.getToken(signal));
      tokens.invalidate();
    }

    expect(got).toEqual(["token-1", "token-2", "token-3"]);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
    expect(server.requests).toHaveLength(3);
  });

  test("a refused token request is an AuthenticationError with the OAuth error, and is not cached", async () => {
    const { server, credentials } = await startIdentityAndApi({
      token: (_, res, index) =>
        index === 0
          ? reply(res, 401, {
              error: "invalid_client",
              error_description: "Client authentication failed",
            })
          : reply(res, 200, { access_token: "token-2", expires_in: 599 }),
    });
    const tokens = createTokenProvider(credentials);

    const error = await rejectsWith(tokens.getToken(), AuthenticationError);

    expect(error.status).toBe(401);
    expect(error.oauthError).toBe("invalid_client");
    expect(error.oauthErrorDescription).toBe("Client authentication failed");
    expect(error.message).toBe(
      "The token request failed: 401 invalid_client: Client authentication failed",
    );
    const renderings = [error.message, `${error.stack}`, String(error), JSON.stringify(error)];
    for (const text of renderings) {
      expect(text).not.toContain(clientSecret);
      expect(text).not.toContain(encodeURIComponent(clientSecret));
      expect(text).not.toContain(
        btoa(`${clientId}:${encodeURIComponent(clientSecret)}`).slice(0, 12),
      );
    }
    await expect(tokens.getToken()).resolves.toBe("token-2");
    expect(server.requests).toHaveLength(2);
  });

  test("the client secret and its Basic credential stay redacted however many tokens were renewed", async () => {
    const renewals = 8;
    const { server, credentials } = await startIdentityAndApi({
      token: (request, res, index) =>
        index < renewals
          ? reply(res, 200, { access_token: `renewed-token-${index}` })
          : // An endpoint that echoes what it was sent, the secret and the Basic credential.
            reply(res, 400, {
              error: "invalid_client",
              error_description: `${request.headers.authorization} ${clientSecret}`,
            }),
    });
    const tokens = createTokenProvider(credentials);
    // Each renewed token is remembered for redaction in place of an older one.
    for (let i = 0; i < renewals; i++) {
      expect(await tokens.getToken()).toBe(`renewed-token-${i}`);
      tokens.invalidate();
    }

    const error = await rejectsWith(tokens.getToken(), AuthenticationError);

    expect(error.oauthErrorDescription).toBe("Basic [redacted] [redacted]");
    for (const text of renderings(error)) expect(text).not.toContain(clientSecret);
    expect(server.requests).toHaveLength(renewals + 1);
  });

  test("a success without an access token is a PrepApiError describing the response", async () => {
    const { credentials } = await startIdentityAndApi({
      token: (_, res) => reply(res, 200, "<html>login</html>", { "content-type": "text/html" }),
    });

    const error = await rejectsWith(createTokenProvider(credentials).getToken(), PrepApiError);

    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(
      "The token response has no access token: 200 text/html, not a JSON object",
    );
  });

  test("an unreachable or silent token endpoint is a PrepConnectionError or PrepConnectionTimeoutError naming it", async () => {
    const { credentials: dropping } = await startIdentityAndApi({
      token: (_, res) => res.socket?.destroy(),
    });
    const { credentials: silent } = await startIdentityAndApi({ token: () => {} });

    const unreachable = await rejectsWith(
      createTokenProvider(dropping, { maxRetries: 0 }).getToken(),
      PrepConnectionError,
    );
    const timedOut = await rejectsWith(
      createTokenProvider(silent, { timeoutMs: 50, maxRetries: 0 }).getToken(),
      PrepConnectionTimeoutError,
    );

    expect(unreachable.message).toBe("Could not reach the token endpoint");
    expect(unreachable.cause).toBeInstanceOf(TypeError);
    expect(timedOut.message).toBe("The token request timed out after 50 ms");
  });

  test.each([
    ["us", "https://api.app.wdesk.com/oauth2/token"],
    ["eu", "https://api.eu.wdesk.com/oauth2/token"],
    ["apac", "https://api.apac.wdesk.com/oauth2/token"],
  ] as const)("calls the token endpoint of the %s region", async (region, url) => {
    const { server } = await startIdentityAndApi({ expiresIn: 599 });
    const asked: string[] = [];
    // Forwards to the local server what would go to Workiva, as a proxy agent would.
    const forward = (request: Request) => {
      asked.push(request.url);
      return fetch(new Request(`${server.url}${tokenPath}`, request));
    };

    await createTokenProvider({ clientId, clientSecret }, { region, fetch: forward }).getToken();

    expect(asked).toEqual([url]);
  });

  test.each([
    ["no clientId", { clientSecret }, {}, /need a clientId and a clientSecret/],
    [
      "a blank clientSecret",
      { clientId, clientSecret: " " },
      {},
      /need a clientId and a clientSecret/,
    ],
    [
      "a client secret with a lone surrogate",
      { clientId, clientSecret: "s\uD800" },
      {},
      /each a well-formed string/,
    ],
    [
      "a scope that is not a string",
      { clientId, clientSecret, scope: 1 },
      {},
      /scope must be a string/,
    ],
    ["an unknown region", { clientId, clientSecret }, { region: "mars" }, /region must be one of/],
    [
      "a plain-http token URL",
      { clientId, clientSecret, tokenUrl: "http://idp.example.com" },
      {},
      /must use https:/,
    ],
    [
      "a plain-http token URL to a host that only starts like localhost",
      { clientId, clientSecret, tokenUrl: "http://localhost.evil.example/token" },
      {},
      /tokenUrl must use https:/,
    ],
    [
      "a plain-http token URL to a host that only starts like 127.0.0.1",
      { clientId, clientSecret, tokenUrl: "http://127.0.0.1.evil.example/token" },
      {},
      /tokenUrl must use https:/,
    ],
  ])("rejects %s at once", (_, credentials, options, message) => {
    const create = () => createTokenProvider(credentials as never, options as never);
    expect(create).toThrow(PrepError);
    expect(create).toThrow(message);
  });
});

describe("a token response is never quoted", () => {
  const secretToken = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl";

  test.each([
    ["truncated JSON", 200, `{"access_token":"${secretToken}","expires_in":3`, PrepApiError],
    [
      "an access_token that is a number",
      200,
      { access_token: 42, note: secretToken },
      PrepApiError,
    ],
    [
      "an access_token that is an object",
      200,
      { access_token: { value: secretToken } },
      PrepApiError,
    ],
    ["an empty access_token", 200, { access_token: "", refresh_token: secretToken }, PrepApiError],
    ["a 400 that carries an access_token", 400, { access_token: secretToken }, AuthenticationError],
    ["a 404 that carries an access_token", 404, { access_token: secretToken }, NotFoundError],
  ] as const)(
    "%s fails, and the token is in none of the error's renderings",
    async (_, status, body, ErrorClass) => {
      const { server, credentials } = await startIdentityAndApi({
        token: (_, res) =>
          reply(res, status, typeof body === "string" ? body : body, {
            "content-type": "application/json",
          }),
      });

      const error = await rejectsWith(createTokenProvider(credentials).getToken(), ErrorClass);

      expect(error.status).toBe(status);
      expect(error.body).toBeUndefined();
      for (const text of renderings(error)) expect(text).not.toContain(secretToken);
      expect(server.requests).toHaveLength(1);
    },
  );

  test("a token response is described by its status, content type and field names", async () => {
    const { credentials } = await startIdentityAndApi({
      token: (_, res) => reply(res, 200, { access_token: 42, token_type: "Bearer" }),
    });

    const error = await rejectsWith(createTokenProvider(credentials).getToken(), PrepApiError);

    expect(error.message).toBe(
      "The token response has no access token: 200 application/json, fields access_token, token_type",
    );
  });

  test.each([
    ["an empty body without a content type", 200, "", "200 no content type, empty body"],
    [
      "a JSON array",
      200,
      [{ access_token: secretToken }],
      "200 application/json, not a JSON object",
    ],
    ["a JSON string", 200, JSON.stringify(secretToken), "200 application/json, not a JSON object"],
    ["an object without fields", 200, {}, "200 application/json, fields none"],
    ["an OAuth error without a description", 200, { error: "server_error" }, "200 server_error"],
    [
      "an OAuth error whose description is not a string",
      200,
      { error: "server_error", error_description: { text: secretToken } },
      "200 server_error",
    ],
    [
      "an OAuth error with a description",
      200,
      { error: "server_error", error_description: "try later" },
      "200 server_error: try later",
    ],
  ] as const)(
    "a success with %s is described by what it is, never quoted",
    async (_, status, body, described) => {
      const { credentials } = await startIdentityAndApi({
        token: (_, res) => {
          const text = typeof body === "string" ? body : JSON.stringify(body);
          const type =
            typeof body === "string" && body === "" ? {} : { "content-type": "application/json" };
          res.writeHead(status, type);
          res.end(text);
        },
      });

      const error = await rejectsWith(createTokenProvider(credentials).getToken(), PrepApiError);

      expect(error.message).toBe(`The token response has no access token: ${described}`);
      for (const text of renderings(error)) expect(text).not.toContain(secretToken);
    },
  );

  test.each([
    ["a line break", `${secretToken}\r\nx-injected: 1`],
    ["a line feed", `${secretToken}\n`],
    ["a character above U+00FF", `${secretToken}\u2603`],
    ["a space", `${secretToken} x`],
  ])("a token with %s is refused, named but not quoted, and never retried", async (_, bad) => {
    const { server, credentials } = await startIdentityAndApi({
      token: (_, res) => reply(res, 200, { access_token: bad, expires_in: 600 }),
    });
    const prep = createPrepClient({ baseUrl: server.url, clientCredentials: credentials });

    const error = await rejectsWith(prep.getConnection("c1"), PrepApiError);

    expect(error).not.toBeInstanceOf(PrepConnectionError);
    expect(error.message).toMatch(
      /^The token response has an access token that cannot be sent in an Authorization header/,
    );
    for (const text of renderings(error)) expect(text).not.toContain(secretToken);
    expect(server.requestsTo(tokenPath)).toHaveLength(1);
    expect(server.requestsTo("/api")).toHaveLength(0);
  });
});

describe("a failing token endpoint", () => {
  test("a redirect is a PrepApiError naming it, and the client secret never follows it", async () => {
    const { server, credentials } = await startIdentityAndApi({
      token: (request, res) =>
        request.url === tokenPath
          ? reply(res, 307, "", { location: "/elsewhere/token" })
          : reply(res, 200, { access_token: "token-1", expires_in: 600 }),
    });

    const error = await rejectsWith(createTokenProvider(credentials).getToken(), PrepApiError);

    expect(error.status).toBe(307);
    expect(error.message).toBe(
      "The token request was redirected (307 to /elsewhere/token), which a client secret never follows",
    );
    expect(server.requests.map((r) => r.url)).toEqual([tokenPath]);
  });

  test.each([300, 308, 399])("a %i is a redirect too, never followed", async (status) => {
    const { server, credentials } = await startIdentityAndApi({
      token: (_, res) => reply(res, status, "", { location: "https://idp.example/token" }),
    });

    const error = await rejectsWith(createTokenProvider(credentials).getToken(), PrepApiError);

    expect(error.status).toBe(status);
    expect(error.message).toBe(
      `The token request was redirected (${status} to https://idp.example/token), which a client secret never follows`,
    );
    expect(server.requests).toHaveLength(1);
  });

  test("a 503 then a 200 succeeds: the token request is retried like any request", async () => {
    const { server, credentials } = await startIdentityAndApi({
      token: (_, res, index) =>
        index === 0
          ? reply(res, 503, "", { "retry-after-ms": "0" })
          : reply(res, 200, { access_token: "token-2", expires_in: 599 }),
    });
    const prep = createPrepClient({ baseUrl: server.url, clientCredentials: credentials });

    await expect(prep.getConnection("c1")).resolves.toEqual(envelope.body);

    expect(server.requestsTo(tokenPath)).toHaveLength(2);
    expect(server.requestsTo("/api").map((r) => r.headers.authorization)).toEqual([
      "Bearer token-2",
    ]);
  });

  test("a 429 waits as its Retry-After says, then succeeds", async () => {
    const { server, credentials } = await startIdentityAndApi({
      token: (_, res, index) =>
        index === 0
          ? reply(res, 429, "", { "retry-after-ms": "100" })
          : reply(res, 200, { access_token: "token-2", expires_in: 599 }),
    });

    await expect(createTokenProvider(credentials).getToken()).resolves.toBe("token-2");

    const [first, second] = server.requestsTo(tokenPath);
    expectNotBefore(first, second, 100);
  });

  test.each([
    [503, "InternalServerError", InternalServerError],
    [500, "InternalServerError", InternalServerError],
    [429, "RateLimitError", RateLimitError],
  ] as const)(
    "a %i left after the retries is a %s naming the token request, not an AuthenticationError",
    async (status, _, ErrorClass) => {
      const { server, credentials } = await startIdentityAndApi({
        token: (_, res) =>
          reply(res, status, { error: "temporarily_unavailable" }, { "retry-after-ms": "0" }),
      });
      const prep = createPrepClient({
        baseUrl: server.url,
        clientCredentials: credentials,
        maxRetries: 1,
      });

      const error = await rejectsWith(prep.getConnection("c1"), ErrorClass);

      expect(error).not.toBeInstanceOf(AuthenticationError);
      expect(error.message).toBe(`The token request failed: ${status} temporarily_unavailable`);
      expect(server.requestsTo(tokenPath)).toHaveLength(2);
      expect(server.requestsTo("/api")).toHaveLength(0);
    },
  );

  test("a network failure there is retried, then is a PrepConnectionError naming it", async () => {
    const { server, credentials } = await startIdentityAndApi({
      token: (_, res) => res.socket?.destroy(),
    });
    const prep = createPrepClient({
      baseUrl: server.url,
      clientCredentials: credentials,
      maxRetries: 1,
    });

    const error = await rejectsWith(prep.getConnection("c1"), PrepConnectionError);

    expect(error.message).toBe("Could not reach the token endpoint");
    expect(server.requestsTo(tokenPath)).toHaveLength(2);
  });

  test("invalid_client is an AuthenticationError with its code, and is not retried", async () => {
    const { server, credentials } = await startIdentityAndApi({
      token: (_, res) => reply(res, 401, { error: "invalid_client" }),
    });
    const prep = createPrepClient({
      baseUrl: server.url,
      clientCredentials: credentials,
      maxRetries: 2,
    });

    const error = await rejectsWith(prep.getConnection("c1"), AuthenticationError);

    expect(error.oauthError).toBe("invalid_client");
    expect(error.message).toBe("The token request failed: 401 invalid_client");
    expect(server.requestsTo(tokenPath)).toHaveLength(1);
  });
});

describe("createPrepClient with clientCredentials", () => {
  test("fetches the token lazily and sends it as a bearer token", async () => {
    const { server, credentials } = await startIdentityAndApi({ expiresIn: 599 });
    const prep = createPrepClient({ baseUrl: server.url, clientCredentials: credentials });
    expect(server.requests).toHaveLength(0);

    await prep.getConnection("c1");
    await prep.getConnection("c2");

    expect(server.requestsTo(tokenPath)).toHaveLength(1);
    expect(server.requestsTo("/api").map((r) => r.headers.authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-1",
    ]);
  });

  test("sends the token request and the API requests through the fetch it is given", async () => {
    const { server, credentials } = await startIdentityAndApi({ expiresIn: 599 });
    const sent: string[] = [];
    const prep = createPrepClient({
      baseUrl: server.url,
      clientCredentials: credentials,
      fetch: (request) => {
        sent.push(`${request.method} ${new URL(request.url).pathname}`);
        return fetch(request);
      },
    });

    await prep.getConnection("c1");

    expect(sent).toEqual([`POST ${tokenPath}`, "GET /api/v1/connections/c1"]);
  });

  test("100 concurrent calls make one token request", async () => {
    const { server, credentials } = await startIdentityAndApi({ expiresIn: 599 });
    const prep = createPrepClient({ baseUrl: server.url, clientCredentials: credentials });

    const connections = await Promise.all(
      Array.from({ length: 100 }, (_, i) => prep.getConnection(`c${i}`)),
    );

    expect(connections).toHaveLength(100);
    expect(server.requestsTo(tokenPath)).toHaveLength(1);
    expect(server.requestsTo("/api")).toHaveLength(100);
  });

  test("a 401 from the API refreshes the token once and retries once", async () => {
    const { server, credentials } = await startIdentityAndApi({
      expiresIn: 599,
      accepted: ["token-2"],
    });
    const prep = createPrepClient({
      baseUrl: server.url,
      clientCredentials: credentials,
      maxRetries: 0,
    });

    await expect(prep.getConnection("c1")).resolves.toEqual(envelope.body);

    expect(server.requests.map((r) => `${r.method} ${r.url} ${r.headers.authorization}`)).toEqual([
      `POST ${tokenPath} Basic ${btoa(`${clientId}:${encodeURIComponent(clientSecret)}`)}`,
      "GET /api/v1/connections/c1 Bearer token-1",
      `POST ${tokenPath} Basic ${btoa(`${clientId}:${encodeURIComponent(clientSecret)}`)}`,
      "GET /api/v1/connections/c1 Bearer token-2",
    ]);
  });

  test("a POST of the raw client refused with a 401 is sent again, with its body, and a new token", async () => {
    const { server, credentials } = await startIdentityAndApi({
      expiresIn: 599,
      accepted: ["token-2"],
    });
    const prep = createPrepClient({ baseUrl: server.url, clientCredentials: credentials });

    await prep.raw.POST("/api/v1/connections/{connectionId}/refresh", {
      params: { path: { connectionId: "c1" } },
      body: { connectionId: "c1" },
    });

    const api = server.requestsTo("/api");
    expect(api.map((r) => [r.method, r.headers.authorization, r.body])).toEqual([
      ["POST", "Bearer token-1", '{"connectionId":"c1"}'],
      ["POST", "Bearer token-2", '{"connectionId":"c1"}'],
    ]);
  });

  test("a second 401 is an AuthenticationError, after exactly one refresh", async () => {
    const { server, credentials } = await startIdentityAndApi({ expiresIn: 599, accepted: [] });
    const prep = createPrepClient({ baseUrl: server.url, clientCredentials: credentials });

    await expect(prep.getConnection("c1")).rejects.toBeInstanceOf(AuthenticationError);

    expect(server.requestsTo(tokenPath)).toHaveLength(2);
    expect(server.requestsTo("/api")).toHaveLength(2);
  });

  test("a refused token request fails the call without calling the API", async () => {
    const { server, credentials } = await startIdentityAndApi({
      token: (_, res) =>
        reply(res, 400, { error: "invalid_scope", error_description: "Unknown scope" }),
    });
    const prep = createPrepClient({ baseUrl: server.url, clientCredentials: credentials });

    const error = await rejectsWith(prep.getConnection("c1"), AuthenticationError);

    expect(error.oauthError).toBe("invalid_scope");
    expect(server.requestsTo("/api")).toHaveLength(0);
    expect(server.requestsTo(tokenPath)).toHaveLength(1);
  });

  test("a process exits soon after an abort while its token request hangs: the token request is aborted too", async () => {
    const { server, credentials } = await startIdentityAndApi({ token: () => {} });
    // The client's time limit is the default 60 s: only aborting the token request lets the
    // process end well before.
    const child = runScript(
      `const [baseUrl, tokenUrl] = args;
      const client = prep.createPrepClient({
        baseUrl,
        clientCredentials: { clientId: "i", clientSecret: "s", tokenUrl },
      });
      const controller = new AbortController();
      process.stdin.once("data", () => {
        process.stdin.destroy();
        controller.abort();
      });
      await client.getConnection("c1", { signal: controller.signal }).catch((error) => {
        console.log(error.name);
      });`,
      [server.url, credentials.tokenUrl],
    );

    await server.received(1);
    child.process.stdin?.write("abort\n");

    expect(await child.exitsWithin(10_000)).toBe(true);
    expect(child.output().trim()).toBe("PrepAbortError");
    expect(server.requestsTo("/api")).toHaveLength(0);
  });

  test("a token request is aborted only once no caller waits for it", async () => {
    const { server, credentials } = await startIdentityAndApi({ token: () => {} });
    const seen: AbortSignal[] = [];
    const tokens = createTokenProvider(credentials, {
      fetch: (request) => {
        seen.push(request.signal);
        return fetch(request);
      },
    });
    const first = new AbortController();
    const second = new AbortController();

    const waits = [
      rejectsWith(tokens.getToken(first.signal), PrepAbortError),
      rejectsWith(tokens.getToken(second.signal), PrepAbortError),
    ];
    await server.received(1);
    first.abort();
    await waits[0];

    expect(seen.map((signal) => signal.aborted)).toEqual([false]);
    second.abort();
    await waits[1];
    expect(seen.map((signal) => signal.aborted)).toEqual([true]);
    expect(server.requests).toHaveLength(1);
  });

  test("a signal already aborted rejects at once, starts no token request, and leaves no rejection unhandled", async () => {
    const { server, credentials } = await startIdentityAndApi({ expiresIn: 599 });
    const tokens = createTokenProvider(credentials);

    await rejectsWith(tokens.getToken(AbortSignal.abort()), PrepAbortError);
    expect(server.requests).toHaveLength(0);
    // With a token cached, an aborted signal is refused just the same.
    expect(await tokens.getToken()).toBe("token-1");
    await rejectsWith(tokens.getToken(AbortSignal.abort()), PrepAbortError);
    expect(server.requests).toHaveLength(1);

    // An unhandled rejection would end a process with code 1 and its stack on stderr.
    const child = runScript(
      `const tokens = prep.createTokenProvider({ clientId: "i", clientSecret: "s", tokenUrl: args[0] });
      await tokens.getToken(AbortSignal.abort()).catch((error) => console.log(error.name));`,
      [credentials.tokenUrl],
    );
    expect(await child.exitsWithin(10_000)).toBe(true);
    expect([child.process.exitCode, child.output().trim()]).toEqual([0, "PrepAbortError"]);
    expect(server.requests).toHaveLength(1);
  });

  test("an abort while the token is awaited rejects at once", async () => {
    const { server, credentials } = await startIdentityAndApi({ token: () => {} });
    const prep = createPrepClient({ baseUrl: server.url, clientCredentials: credentials });
    const controller = new AbortController();

    const pending = rejectsWith(
      prep.getConnection("c1", { signal: controller.signal }),
      PrepAbortError,
    );
    await server.received(1);
    controller.abort();

    await pending;
    expect(server.requestsTo("/api")).toHaveLength(0);
  });
});
