// The command line as a user types it, run as the built command: help, usage errors, and the
// environment it takes its credentials from.
import { readFileSync } from "node:fs";
import { type PrepMockServer, startPrepMockServer } from "@wdata-prep/mock-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { answerJson, apiEnv, runCli, startTestApi, testToken } from "../test/cli.ts";
import { exitCodeMeanings } from "./exit.ts";

let server: PrepMockServer;
beforeAll(async () => {
  server = await startPrepMockServer({ token: testToken, runDurationMs: 0 });
});
afterAll(() => server.close());

/** The exit-code lines of the help, as the issue lists the codes. */
const exitCodeLines = [
  "0    every run complete",
  "1    a run ended in error",
  "2    usage",
  "3    authentication or permission",
  "4    not found",
  "5    deadline passed",
  "6    a run was cancelled (and none failed)",
  "7    API or network failure after retries",
  "130  interrupted",
];

const commands = [
  [],
  ["connections"],
  ["connections", "list"],
  ["connections", "get"],
  ["refresh"],
  ["status"],
  ["batch-status"],
];

describe("--help", () => {
  test.each(commands)(
    "wdata-prep %s %s --help prints its usage, the environment and every exit code, and exits 0",
    async (...command) => {
      const { code, stdout, stderr } = await runCli([...command, "--help"]);
      expect(code).toBe(0);
      expect(stderr).toBe("");
      expect(stdout).toContain(`Usage: wdata-prep ${command.join(" ")}`.trimEnd());
      for (const line of exitCodeLines) expect(stdout).toContain(`\n  ${line}\n`);
      for (const variable of [
        "WDATA_PREP_TOKEN",
        "WORKIVA_CLIENT_ID",
        "WORKIVA_CLIENT_SECRET",
        "WORKIVA_TOKEN_URL",
        "WDATA_PREP_REGION",
        "WDATA_PREP_BASE_URL",
      ]) {
        expect(stdout).toContain(variable);
      }
    },
  );

  test("the help of each command names its arguments and flags", async () => {
    const list = await runCli(["connections", "list", "--help"]);
    for (const flag of [
      "--source-type <type>",
      "--source-id <id>",
      "--destination-type <type>",
      "--destination-id <id>",
      "--json",
      "--max-rps <n>",
    ]) {
      expect(list.stdout).toContain(flag);
    }
    expect((await runCli(["connections", "get", "--help"])).stdout).toContain(
      "Usage: wdata-prep connections get [options] <connectionId>",
    );
    expect((await runCli(["connections", "get", "--help"])).stdout).toContain(
      "--workspace-id <id>",
    );
    const status = await runCli(["help", "status"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("Usage: wdata-prep status [options] <connectionId>");
    expect(status.stdout).toContain("--job <jobId>");
  });

  test("the README lists the exit codes as the help does", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const [code, meaning] of exitCodeMeanings) {
      expect(readme).toContain(`| ${code} | ${meaning} |`);
    }
  });

  test("--version prints the package's version", async () => {
    const { version } = JSON.parse(
      readFileSync(new URL("../package.json", import.meta.url), "utf8"),
    );
    const { code, stdout } = await runCli(["--version"]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });
});

describe("usage errors exit 2 before any request", () => {
  const env = () => apiEnv(server.url);

  test.each([
    [["connections", "list", "--bogus"], "error: unknown option '--bogus'"],
    [["status"], "error: missing required argument 'connectionId'"],
    [["status", "a", "b"], "error: too many arguments for 'status'"],
    [["refres"], "error: unknown command 'refres'"],
    [["status", "a", "--job"], "error: option '--job <jobId>' argument missing"],
    [
      ["connections", "list", "--max-rps", "0"],
      "error: option '--max-rps <n>' argument '0' is invalid. Give a number of requests per second greater than 0",
    ],
    [
      ["status", "a", "--max-rps", "fast"],
      "error: option '--max-rps <n>' argument 'fast' is invalid.",
    ],
    [["connections", "list", "--source-type", "wdata_query"], "--source-type needs --source-id"],
    [
      ["connections", "list", "--destination-type", "spreadsheet"],
      "--destination-type needs --destination-id",
    ],
  ])("wdata-prep %j", async (args, message) => {
    server.reset();
    const { code, stdout, stderr } = await runCli(args, env());
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(server.requests).toHaveLength(0);
  });

  test("commander's own usage errors add where to find help", async () => {
    const { stderr } = await runCli(["connections", "list", "--bogus"], env());
    expect(stderr).toBe("error: unknown option '--bogus'\n(run with --help for usage)\n");
  });

  test("a command left out prints the help on stderr", async () => {
    for (const args of [[], ["connections"]]) {
      const { code, stdout, stderr } = await runCli(args, env());
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain("Usage: wdata-prep");
    }
  });

  test("with --json, a usage error is also the JSON document on stdout", async () => {
    server.reset();
    for (const args of [
      ["connections", "list", "--json", "--bogus"],
      ["connections", "list", "--json", "--source-type", "wdata_query"],
    ]) {
      const { code, stdout } = await runCli(args, env());
      expect(code).toBe(2);
      const { error } = JSON.parse(stdout);
      expect(error.name).toBe("CliUsageError");
      expect(error.message).toMatch(/^unknown option '--bogus'$|^--source-type needs --source-id/);
      expect(Object.keys(error)).toEqual(["name", "message"]);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe("credentials and the API come from the environment only", () => {
  test("without credentials it names the variables and exits 3 before any request", async () => {
    server.reset();
    const { code, stdout, stderr } = await runCli(["connections", "list"], {
      WDATA_PREP_BASE_URL: server.url,
    });
    expect(code).toBe(3);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "wdata-prep: No credentials in the environment. Set WDATA_PREP_TOKEN to a bearer token, or WORKIVA_CLIENT_ID and WORKIVA_CLIENT_SECRET to OAuth2 client credentials; wdata-prep reads credentials from the environment only, never from flags.\n",
    );
    expect(server.requests).toHaveLength(0);
  });

  test("empty variables count as unset, and half of the client credentials names the other half", async () => {
    const empty = await runCli(["status", "x", "--json"], {
      WDATA_PREP_BASE_URL: server.url,
      WDATA_PREP_TOKEN: "",
      WORKIVA_CLIENT_ID: "my-client",
      WORKIVA_CLIENT_SECRET: "",
    });
    expect(empty.code).toBe(3);
    expect(empty.stderr).toContain(
      "wdata-prep: WORKIVA_CLIENT_ID is set but WORKIVA_CLIENT_SECRET is not.",
    );
    expect(JSON.parse(empty.stdout)).toEqual({
      error: {
        name: "CliCredentialsError",
        message: expect.stringContaining("WORKIVA_CLIENT_SECRET is not"),
      },
    });
  });

  test("client credentials get a token from WORKIVA_TOKEN_URL, and the secret shows nowhere", async () => {
    server.reset();
    const secret = "s3cret-value-never-printed";
    const tokens = await startTestApi((_request, response) =>
      answerJson(response, 200, {
        access_token: testToken,
        token_type: "Bearer",
        expires_in: 3600,
      }),
    );
    const { code, stdout, stderr } = await runCli(["connections", "list", "--json"], {
      WDATA_PREP_BASE_URL: server.url,
      WORKIVA_CLIENT_ID: "my-client",
      WORKIVA_CLIENT_SECRET: secret,
      WORKIVA_TOKEN_URL: `${tokens.url}/oauth2/token`,
    });
    expect(code).toBe(0);
    expect(tokens.requests).toEqual(["POST /oauth2/token"]);
    expect(JSON.parse(stdout).connections.length).toBeGreaterThan(0);
    expect(`${stdout}${stderr}`).not.toContain(secret);
  });

  test("a variable the client refuses, such as an unknown region, is a usage error", async () => {
    const { code, stderr } = await runCli(["connections", "list"], {
      WDATA_PREP_TOKEN: testToken,
      WDATA_PREP_REGION: "mars",
    });
    expect(code).toBe(2);
    expect(stderr).toContain("region must be one of us,eu,apac");
    expect(stderr).toContain("WDATA_PREP_REGION");
  });

  test("the token never shows in the output, even when the API refuses it", async () => {
    const token = "wrong-token-never-printed";
    const { code, stdout, stderr } = await runCli(
      ["connections", "get", "x", "--json"],
      apiEnv(server.url, token),
    );
    expect(code).toBe(3);
    expect(`${stdout}${stderr}`).not.toContain(token);
  });
});
