// Runs the built `wdata-prep-mock` command (the package's `bin`, built before the tests run) as
// a real child process, and reads what it prints. Every child still running when a test ends is
// killed.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { onTestFinished } from "vitest";

const packageJson = new URL("../package.json", import.meta.url);
const bin = JSON.parse(readFileSync(packageJson, "utf8")).bin["wdata-prep-mock"] as string;
const cliPath = new URL(bin, packageJson).pathname;

/** A running `wdata-prep-mock` process. */
export interface Cli {
  child: ChildProcessWithoutNullStreams;
  /** Everything it printed so far. */
  output(): { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `wdata-prep-mock` with `args`; it is killed when the current test finishes. */
export function runCli(args: string[]): Cli {
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: "pipe" });
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Waits for the line that announces the server and returns the URL it names. */
export async function listeningUrl(cli: Cli): Promise<string> {
  const announced = /Wdata Prep mock API listening on (http:\/\/\S+)\n/;
  return new Promise((resolve, reject) => {
    const check = () => {
      const url = announced.exec(cli.output().stdout)?.[1];
      if (url) resolve(url);
    };
    cli.child.stdout.on("data", check);
    void cli.exited.then(({ code }) =>
      reject(new Error(`The command exited with ${code}: ${JSON.stringify(cli.output())}`)),
    );
    check();
  });
}
