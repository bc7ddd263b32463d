import { describe, expect, test } from "vitest";
import { envelope } from "../test/fixtures.ts";
import { reply, startTestServer } from "../test/startTestServer.ts";
import { createPrepClient } from "./client.ts";
import { nodeEnv, withEnvDefaults } from "./env.ts";
import { PrepError } from "./errors.ts";
import { resolveConfig } from "./options.ts";

describe("withEnvDefaults", () => {
  test("options left out are read from the environment", async () => {
    const env = {
      WDATA_PREP_REGION: "eu",
      WDATA_PREP_TOKEN: "env-token",
    };
    const { baseUrl, send } = resolveConfig(withEnvDefaults({}, env));

    expect(baseUrl).toBe("https://h.eu.wdesk.com/s/wdata/prep");
    expect(send.token?.(new AbortController().signal)).toBe("env-token");
  });

  test("WDATA_PREP_BASE_URL overrides the region", () => {
    const env = { WDATA_PREP_REGION: "eu", WDATA_PREP_BASE_URL: "http://127.0.0.1:4010/" };
    expect(resolveConfig(withEnvDefaults({}, env)).baseUrl).toBe("http://127.0.0.1:4010");
  });

  test("WORKIVA_CLIENT_ID and WORKIVA_CLIENT_SECRET give client credentials", () => {
    const env = { WORKIVA_CLIENT_ID: "id", WORKIVA_CLIENT_SECRET: "secret" };
    const { clientCredentials, send } = resolveConfig(withEnvDefaults({}, env));

    expect(withEnvDefaults({}, env)).toEqual({
      clientCredentials: { clientId: "id", clientSecret: "secret" },
    });
    expect(clientCredentials).toEqual({ clientId: "id", clientSecret: "secret" });
    expect(send.token).toBeUndefined();
  });

  test("WDATA_PREP_TOKEN wins over client credentials in the environment", async () => {
    const env = {
      WDATA_PREP_TOKEN: "env-token",
      WORKIVA_CLIENT_ID: "id",
      WORKIVA_CLIENT_SECRET: "s",
    };
    const { clientCredentials, send } = resolveConfig(withEnvDefaults({}, env));

    expect(withEnvDefaults({}, env)).toEqual({ token: "env-token" });
    expect(send.token?.(new AbortController().signal)).toBe("env-token");
    expect(clientCredentials).toBeUndefined();
  });

  test("WORKIVA_TOKEN_URL is the token URL of any credentials without one, read or given", () => {
    const tokenUrl = "https://gateway.example.com/oauth2/token";
    const env = {
      WORKIVA_CLIENT_ID: "id",
      WORKIVA_CLIENT_SECRET: "secret",
      WORKIVA_TOKEN_URL: tokenUrl,
    };
    const given = { clientId: "a", clientSecret: "b" };
    const own = { ...given, tokenUrl: "https://idp.example.com/token" };

    expect(withEnvDefaults({}, env).clientCredentials).toEqual({
      clientId: "id",
      clientSecret: "secret",
      tokenUrl,
    });
    expect(withEnvDefaults({ clientCredentials: given }, env).clientCredentials).toEqual({
      ...given,
      tokenUrl,
    });
    expect(withEnvDefaults({ clientCredentials: own }, env).clientCredentials).toEqual(own);
    expect(withEnvDefaults({ token: "t" }, env)).toEqual({ token: "t" });
  });

  test("a client with credentials from the environment gets its token at WORKIVA_TOKEN_URL", async () => {
    const server = await startTestServer((request, res) =>
      request.url === "/gateway/token"
        ? reply(res, 200, { access_token: "token-1", expires_in: 599 })
        : reply(res, 200, envelope),
    );
    const env = {
      WORKIVA_CLIENT_ID: "id",
      WORKIVA_CLIENT_SECRET: "secret",
      WORKIVA_TOKEN_URL: `${server.url}/gateway/token`,
    };
    const prep = createPrepClient(withEnvDefaults({ baseUrl: server.url }, env));

    await prep.getConnection("c1");

    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /gateway/token",
      "GET /api/v1/connections/c1",
    ]);
    expect(server.requests[1]?.headers.authorization).toBe("Bearer token-1");
  });

  test("half of the client credentials in the environment is an error", () => {
    expect(() => createPrepClient(withEnvDefaults({}, { WORKIVA_CLIENT_ID: "id" }))).toThrow(
      /need a clientId and a clientSecret, each a well-formed string \(in Node: WORKIVA_CLIENT_ID and WORKIVA_CLIENT_SECRET\)/,
    );
  });

  test("options win over the environment, and empty variables count as unset", async () => {
    const env = {
      WDATA_PREP_REGION: "",
      WDATA_PREP_BASE_URL: "https://env.example.com",
      WDATA_PREP_TOKEN: "env-token",
      WORKIVA_CLIENT_ID: "id",
      WORKIVA_CLIENT_SECRET: "secret",
    };
    const { baseUrl, send } = resolveConfig(
      withEnvDefaults({ baseUrl: "https://proxy.example.com/prep", token: "t" }, env),
    );

    expect(baseUrl).toBe("https://proxy.example.com/prep");
    expect(send.token?.(new AbortController().signal)).toBe("t");
    expect(
      resolveConfig(
        withEnvDefaults({ clientCredentials: { clientId: "a", clientSecret: "b" } }, env),
      ).clientCredentials,
    ).toEqual({ clientId: "a", clientSecret: "b" });
    expect(resolveConfig(withEnvDefaults({}, { ...env, WDATA_PREP_BASE_URL: "" })).baseUrl).toBe(
      "https://h.app.wdesk.com/s/wdata/prep",
    );
  });

  test("WDATA_PREP_LOG stands in for logLevel, which wins over it", () => {
    expect(withEnvDefaults({}, { WDATA_PREP_LOG: "debug" }).logLevel).toBe("debug");
    expect(withEnvDefaults({ logLevel: "off" }, { WDATA_PREP_LOG: "debug" }).logLevel).toBe("off");
    expect(resolveConfig(withEnvDefaults({}, { WDATA_PREP_LOG: "info" })).send.log).toEqual(
      expect.any(Function),
    );
    expect(resolveConfig(withEnvDefaults({}, { WDATA_PREP_LOG: "" })).send.log).toBeUndefined();
  });

  test("an environment that refuses to be read counts as empty, as Deno's without --allow-env", async () => {
    const refused: string[] = [];
    const env = new Proxy<Record<string, string | undefined>>(
      {},
      {
        get(_, name) {
          refused.push(String(name));
          throw new Error(`Requires env access to "${String(name)}"`);
        },
      },
    );
    const server = await startTestServer((_, response) => reply(response, 200, envelope));
    const prep = createPrepClient(withEnvDefaults({ baseUrl: server.url, token: "t" }, env));

    expect(await prep.getConnection("c1")).toEqual(envelope.body);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer t");
    expect(refused).toEqual(["WDATA_PREP_REGION", "WDATA_PREP_LOG", "WORKIVA_TOKEN_URL"]);
    expect(withEnvDefaults({}, env)).toEqual({});
  });

  test("a bad environment variable is reported like the option it stands for", () => {
    expect(() => resolveConfig(withEnvDefaults({}, { WDATA_PREP_LOG: "loud" }))).toThrow(
      /^logLevel must be one of off,error,warn,info,debug, not "loud"$/,
    );
    expect(() => resolveConfig(withEnvDefaults({}, { WDATA_PREP_REGION: "mars" }))).toThrow(
      PrepError,
    );
    expect(() =>
      resolveConfig(withEnvDefaults({}, { WDATA_PREP_BASE_URL: "http://prep.example.com" })),
    ).toThrow(/must use https:/);
    const credentials = { WORKIVA_CLIENT_ID: "id", WORKIVA_CLIENT_SECRET: "secret" };
    expect(() =>
      createPrepClient(
        withEnvDefaults({}, { ...credentials, WORKIVA_TOKEN_URL: "http://idp.example.com/token" }),
      ),
    ).toThrow(/clientCredentials.tokenUrl must use https:/);
  });
});

describe("nodeEnv", () => {
  test("is the process environment in Node", () => {
    expect(nodeEnv()).toBe(process.env);
  });

  test("is undefined where there is no process", () => {
    expect(nodeEnv({})).toBeUndefined();
  });

  test("is the environment of a runtime that mimics Node", () => {
    const env = { WDATA_PREP_TOKEN: "t" };
    const node = { versions: { node: "22.0.0" }, env };
    expect(nodeEnv({ process: node })).toBe(env);
  });

  test("is the environment of a server runtime without Node's process.versions, as Next.js's edge runtime", () => {
    const env = { WDATA_PREP_TOKEN: "t", WDATA_PREP_BASE_URL: "http://127.0.0.1:4010" };
    expect(nodeEnv({ process: { env } })).toBe(env);
  });
});
