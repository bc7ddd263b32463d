import { describe, expect, test } from "vitest";
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
    await expect(send.token?.()).resolves.toBe("env-token");
  });

  test("WDATA_PREP_BASE_URL overrides the region", () => {
    const env = { WDATA_PREP_REGION: "eu", WDATA_PREP_BASE_URL: "http://127.0.0.1:4010/" };
    expect(resolveConfig(withEnvDefaults({}, env)).baseUrl).toBe("http://127.0.0.1:4010/");
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
    await expect(send.token?.()).resolves.toBe("env-token");
    expect(clientCredentials).toBeUndefined();
  });

  test("half of the client credentials in the environment is an error", () => {
    expect(() => createPrepClient(withEnvDefaults({}, { WORKIVA_CLIENT_ID: "id" }))).toThrow(
      /need a clientId and a clientSecret \(in Node: WORKIVA_CLIENT_ID and WORKIVA_CLIENT_SECRET\)/,
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
    await expect(send.token?.()).resolves.toBe("t");
    expect(
      resolveConfig(
        withEnvDefaults({ clientCredentials: { clientId: "a", clientSecret: "b" } }, env),
      ).clientCredentials,
    ).toEqual({ clientId: "a", clientSecret: "b" });
    expect(resolveConfig(withEnvDefaults({}, { ...env, WDATA_PREP_BASE_URL: "" })).baseUrl).toBe(
      "https://h.app.wdesk.com/s/wdata/prep",
    );
  });

  test("a bad environment variable is reported like the option it stands for", () => {
    expect(() => resolveConfig(withEnvDefaults({}, { WDATA_PREP_REGION: "mars" }))).toThrow(
      PrepError,
    );
    expect(() =>
      resolveConfig(withEnvDefaults({}, { WDATA_PREP_BASE_URL: "http://prep.example.com" })),
    ).toThrow(/must use https:/);
  });
});

describe("nodeEnv", () => {
  test("is the process environment in Node", () => {
    expect(nodeEnv()).toBe(process.env);
  });

  test("is undefined where there is no Node process, as in browsers", () => {
    expect(nodeEnv({})).toBeUndefined();
    expect(nodeEnv({ process: { env: { WDATA_PREP_TOKEN: "t" } } })).toBeUndefined();
  });

  test("is the environment of a runtime that mimics Node", () => {
    const env = { WDATA_PREP_TOKEN: "t" };
    expect(nodeEnv({ process: { versions: { node: "22.0.0" }, env } })).toBe(env);
  });
});
