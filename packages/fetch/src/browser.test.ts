import { rejectsWith } from "@wdata-prep/checks/rejection";
import { describe, expect, test } from "vitest";
import { createTokenProvider, sendWithCredentials } from "./auth.browser.ts";
import { withEnvDefaults } from "./env.browser.ts";
import { PrepError } from "./errors.ts";
import { createSecrets } from "./redact.ts";

// The browser build's twins of `auth.ts` and `env.ts`, from source: the tests of
// `test/browserBuild.test.ts` call the built bundle, which takes them in their place.

const credentials = { clientId: "id", clientSecret: "s3cr3t-of-the-client" };

describe("auth.browser.ts", () => {
  test("createTokenProvider and sendWithCredentials throw a PrepError that says why, quoting no secret", async () => {
    const errors = [
      await rejectsWith(() => createTokenProvider(credentials), PrepError),
      await rejectsWith(
        () =>
          sendWithCredentials(
            { timeoutMs: 1000, maxRetries: 0 },
            credentials,
            "us",
            createSecrets(),
          ),
        PrepError,
      ),
    ];

    for (const error of errors) {
      expect(error.message).toBe(
        "A client secret must never reach a browser: use a token from your back end, or a proxy",
      );
      expect(JSON.stringify(error)).not.toContain(credentials.clientSecret);
    }
  });
});

describe("env.browser.ts", () => {
  test("withEnvDefaults gives the options as given, reading no environment variable", () => {
    const options = { baseUrl: "http://127.0.0.1:9" };
    const env = { WDATA_PREP_TOKEN: "tok_from_the_environment", WDATA_PREP_REGION: "eu" };

    expect(withEnvDefaults(options, env)).toEqual({ baseUrl: "http://127.0.0.1:9" });
    expect(withEnvDefaults({})).toEqual({});
  });
});
