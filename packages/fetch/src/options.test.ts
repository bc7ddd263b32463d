import { describe, expect, test } from "vitest";
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
