// The `wdata-prep-mock` command: its arguments, then the built command (the package's `bin`,
// built before the tests run) as a real child process.
import { describe, expect, test } from "vitest";
import { fetchSpecResponse } from "../test/fetchSpecResponse.ts";
import { listeningUrl, runCli } from "../test/runCli.ts";
import { CliUsageError, parseCliArgs } from "./cli.ts";
import { seedConnections } from "./seed.ts";

const firstId = seedConnections[0]?.connectionId as string;

describe("wdata-prep-mock", () => {
  test("serves the seeded connections, prints some IDs and stops with exit code 0 on Ctrl-C", async () => {
    const cli = runCli(["--port", "0"]);
    const url = await listeningUrl(cli);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cli.output().stdout).toContain(firstId);

    const { status, body } = await fetchSpecResponse(`${url}/api/v1/connections/${firstId}`);
    expect(status).toBe(200);
    expect(body.body).toEqual(seedConnections[0]);

    cli.child.kill("SIGINT");
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.output().stdout).toContain("Stopped.");
    expect(cli.output().stderr).toBe("");
  });

  test("requires the --token it was given, never prints it, and stops on SIGTERM", async () => {
    const cli = runCli([
      "--port=0",
      "--host",
      "127.0.0.1",
      "--token",
      "s3cret-token",
      "--latency",
      "5",
    ]);
    const url = await listeningUrl(cli);
    const connection = `${url}/api/v1/connections/${firstId}`;
    expect((await fetchSpecResponse(connection)).status).toBe(401);
    const authorized = await fetchSpecResponse(connection, {
      headers: { authorization: "Bearer s3cret-token" },
    });
    expect(authorized.status).toBe(200);
    expect(cli.output().stdout).not.toContain("s3cret");

    cli.child.kill("SIGTERM");
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  test("runs connections for --run-duration: with 0, a run is finished on its first status read", async () => {
    const cli = runCli(["--port", "0", "--run-duration", "0"]);
    const url = await listeningUrl(cli);
    const started = await fetchSpecResponse(`${url}/api/v1/connections/${firstId}/refresh`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(started.body.body.sourceStatus).toBe("not_started");
    const { body } = await fetchSpecResponse(
      `${url}/api/v1/connections/${firstId}/status?jobId=${started.body.body.jobId}`,
    );
    expect(body.body).toMatchObject({ sourceStatus: "complete", destinationStatus: "complete" });
    cli.child.kill("SIGINT");
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  test("answers 429 with Retry-After past --rate-limit requests of a token", async () => {
    const cli = runCli(["--port", "0", "--rate-limit", "0.001"]);
    const url = await listeningUrl(cli);
    const connection = `${url}/api/v1/connections/${firstId}`;
    expect((await fetchSpecResponse(connection)).status).toBe(200);
    const limited = await fetchSpecResponse(connection);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    cli.child.kill("SIGINT");
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  test("prints usage for --help and exits 0", async () => {
    const cli = runCli(["--help"]);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.output().stdout).toMatch(/^Usage: wdata-prep-mock \[options\]/);
    expect(cli.output().stdout).toContain("--port <port>");
    expect(cli.output().stdout).toContain("--run-duration <ms>");
    expect(cli.output().stdout).toContain("--rate-limit <n>");
  });

  test.each([
    [["--verbose"], /Unknown option '--verbose'/],
    [["--port", "abc"], /--port expects a number, got "abc"/],
    [["--port", "70000"], /port must be an integer from 0 to 65535, got 70000/],
    [["--latency=-5"], /latencyMs must be from 0 to \d+, got -5/],
    [["--run-duration=-1"], /runDurationMs must be from 0 to \d+, got -1/],
    [["--run-duration", "soon"], /--run-duration expects a number, got "soon"/],
    [["--rate-limit", "0"], /rateLimit.requestsPerSecond must be more than 0, got 0/],
    [["--rate-limit", "fast"], /--rate-limit expects a number, got "fast"/],
    [["--port"], /--port <value>' argument missing/],
    [["serve"], /Unexpected argument 'serve'/],
  ])("exits 2 with a clear error for %j", async (args, message) => {
    const cli = runCli(args);
    expect(await cli.exited).toEqual({ code: 2, signal: null });
    expect(cli.output().stderr).toMatch(message);
    expect(cli.output().stderr).toContain('Run "wdata-prep-mock --help" for usage.');
    expect(cli.output().stdout).toBe("");
  });

  test("exits 1 when the port is taken", async () => {
    const first = runCli(["--port", "0"]);
    const port = new URL(await listeningUrl(first)).port;
    const second = runCli(["--port", port]);
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.output().stderr).toContain(`Cannot listen on 127.0.0.1:${port}`);
    first.child.kill("SIGINT");
    expect(await first.exited).toEqual({ code: 0, signal: null });
  });
});

describe("parseCliArgs", () => {
  test("listens on port 4010 by default and leaves the rest to the server's defaults", () => {
    expect(parseCliArgs([])).toEqual({ help: false, options: { port: 4010 } });
  });

  test("reads every flag", () => {
    expect(
      parseCliArgs([
        "-p",
        "0",
        "--host",
        "::1",
        "--token",
        "t0k3n",
        "--latency",
        "250",
        "--run-duration=0",
        "--rate-limit",
        "2.5",
      ]),
    ).toEqual({
      help: false,
      options: {
        port: 0,
        host: "::1",
        token: "t0k3n",
        latencyMs: 250,
        runDurationMs: 0,
        rateLimit: { requestsPerSecond: 2.5 },
      },
    });
  });

  test("asks for help with --help or -h, whatever else is given", () => {
    expect(parseCliArgs(["--help"])).toEqual({ help: true });
    expect(parseCliArgs(["--port", "1", "-h"])).toEqual({ help: true });
  });

  test.each([
    [["--nope"], /Unknown option '--nope'/],
    [["--port", "four"], /--port expects a number, got "four"/],
    [["--latency", ""], /--latency expects a number, got ""/],
    [["--port", "0x10"], /--port expects a number/],
    [["extra"], /Unexpected argument 'extra'/],
  ])("throws a CliUsageError for %j", (args, message) => {
    expect(() => parseCliArgs(args)).toThrow(CliUsageError);
    expect(() => parseCliArgs(args)).toThrow(message);
  });
});
