import { describe, expect, test } from "vitest";
import { PrepError } from "../PrepError.ts";
import { resolveConfig } from "./resolveConfig.ts";

describe("resolveConfig", () => {
  test("defaults to the us region, 2 retries, 60 s and no token", () => {
    const { baseUrl, headers, send } = resolveConfig({}, {});

    expect(baseUrl).toBe("https://h.app.wdesk.com/s/wdata/prep");
    expect(headers.get("accept")).toBe("application/json");
    expect(send).toMatchObject({ timeoutMs: 60_000, maxRetries: 2 });
    expect(send.token).toBeUndefined();
  });

  test("a region picks its server", () => {
    expect(resolveConfig({ region: "eu" }, {}).baseUrl).toBe("https://h.eu.wdesk.com/s/wdata/prep");
    expect(resolveConfig({ region: "apac" }, {}).baseUrl).toBe(
      "https://h.apac.wdesk.com/s/wdata/prep",
    );
  });

  test("options left out are read from the environment", async () => {
    const env = {
      WDATA_PREP_REGION: "eu",
      WDATA_PREP_TOKEN: "env-token",
    };
    const { baseUrl, send } = resolveConfig({}, env);

    expect(baseUrl).toBe("https://h.eu.wdesk.com/s/wdata/prep");
    await expect(send.token?.()).resolves.toBe("env-token");
  });

  test("WDATA_PREP_BASE_URL overrides the region", () => {
    const env = { WDATA_PREP_REGION: "eu", WDATA_PREP_BASE_URL: "http://127.0.0.1:4010/" };
    expect(resolveConfig({}, env).baseUrl).toBe("http://127.0.0.1:4010");
  });

  test("WORKIVA_CLIENT_ID and WORKIVA_CLIENT_SECRET give client credentials", () => {
    const env = { WORKIVA_CLIENT_ID: "id", WORKIVA_CLIENT_SECRET: "secret" };
    const { send } = resolveConfig({}, env);

    expect(send.token).toBeTypeOf("function");
    expect(send.invalidateToken).toBeTypeOf("function");
  });

  test("WDATA_PREP_TOKEN wins over client credentials in the environment", async () => {
    const env = {
      WDATA_PREP_TOKEN: "env-token",
      WORKIVA_CLIENT_ID: "id",
      WORKIVA_CLIENT_SECRET: "s",
    };
    const { send } = resolveConfig({}, env);

    await expect(send.token?.()).resolves.toBe("env-token");
    expect(send.invalidateToken).toBeUndefined();
  });

  test("half of the client credentials in the environment is an error", () => {
    expect(() => resolveConfig({}, { WORKIVA_CLIENT_ID: "id" })).toThrow(
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
      { baseUrl: "https://proxy.example.com/prep", token: "t" },
      env,
    );

    expect(baseUrl).toBe("https://proxy.example.com/prep");
    await expect(send.token?.()).resolves.toBe("t");
    expect(
      resolveConfig({ clientCredentials: { clientId: "a", clientSecret: "b" } }, env).send
        .invalidateToken,
    ).toBeTypeOf("function");
    expect(resolveConfig({}, { ...env, WDATA_PREP_BASE_URL: "" }).baseUrl).toBe(
      "https://h.app.wdesk.com/s/wdata/prep",
    );
  });

  test("a bad environment variable is reported like the option it stands for", () => {
    expect(() => resolveConfig({}, { WDATA_PREP_REGION: "mars" })).toThrow(PrepError);
    expect(() => resolveConfig({}, { WDATA_PREP_BASE_URL: "http://prep.example.com" })).toThrow(
      /must use https:/,
    );
  });
});
