// Running the built `wdata-prep` (the package's `bin`, built before the tests run) as a real
// child process, against an API on 127.0.0.1: the embedded mock API, or a `node:http` server
// of the test's own for what the mock API does not answer (403, 500, a page that never comes).
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";

const packageJson = new URL("../package.json", import.meta.url);
const bin = JSON.parse(readFileSync(packageJson, "utf8")).bin["wdata-prep"] as string;
/** The path of the built command. */
export const cliPath = new URL(bin, packageJson).pathname;

/** The token the test APIs accept. */
export const testToken = "cli-test-token";

/** How a run of the command ended, and what it printed. */
export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running command: its process, what it printed so far, and how it ends. */
export interface Running {
  child: ChildProcessWithoutNullStreams;
  output(): { stdout: string; stderr: string };
  ended: Promise<Ended>;
}

/**
 * Starts `wdata-prep` with `args`, and only the environment given in `env` (with `PATH`): nothing
 * from the developer's environment, such as a token, stands in. Killed when the test finishes.
 */
export function startCli(args: string[], env: Record<string, string> = {}): Running {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`pnpm build\` first`);
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: "pipe",
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const ended = new Promise<Ended>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, output: () => ({ stdout, stderr }), ended };
}

/** Runs `wdata-prep` with `args` and `env` (see `startCli`) to its end. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<Ended> {
  return startCli(args, env).ended;
}

/** The environment that points the command at the API at `url`, with `token`. */
export function apiEnv(url: string, token = testToken): Record<string, string> {
  return { WDATA_PREP_BASE_URL: url, WDATA_PREP_TOKEN: token };
}

/** A `node:http` API of the test's own, with the requests it received. */
export interface TestApi {
  url: string;
  /** The method and URL of each request, in order of arrival. */
  requests: string[];
}

/**
 * Starts a `node:http` server on 127.0.0.1 that answers each request with `answer`, which may
 * also never answer; closed when the test finishes, its open connections ended.
 */
export async function startTestApi(
  answer: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<TestApi> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** Answers `response` with a JSON body, as the API does, and an `x-request-id`. */
export function answerJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    "content-type": "application/json",
    "x-request-id": `test-request-${status}`,
  });
  response.end(JSON.stringify(body));
}

/**
 * Runs `wdata-prep` with `args` in a terminal `columns` wide (a pseudo-terminal of util-linux's
 * `script`), and returns what it printed there, stdout and stderr together, with `\r\n` as `\n`.
 */
export async function runInTerminal(
  args: string[],
  env: Record<string, string>,
  columns: number,
): Promise<{ code: number | null; screen: string }> {
  const quoted = [process.execPath, cliPath, ...args].map((arg) => `'${arg}'`).join(" ");
  const child = spawn(
    "script",
    [
      "--quiet",
      "--return",
      "--command",
      `stty cols ${columns} rows 50; exec ${quoted}`,
      "/dev/null",
    ],
    { env: { PATH: process.env.PATH ?? "", TERM: "xterm-256color", ...env }, stdio: "pipe" },
  );
  onTestFinished(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  let screen = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    screen += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  return { code, screen: screen.replaceAll("\r\n", "\n") };
}
