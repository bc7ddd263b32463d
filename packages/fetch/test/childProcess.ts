import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { onTestFinished } from "vitest";

const build = new URL("../dist/index.js", import.meta.url);

/** A Node process running an ES module script, with its output and its exit. */
export interface Child {
  process: ChildProcess;
  /** What it printed so far. */
  output(): string;
  /** Resolves to `true` once it has exited, or to `false` if it still runs after `ms`. */
  exitsWithin(ms: number): Promise<boolean>;
}

/**
 * Runs `script` in a new Node process, which gets the built package (`dist/index.js`) as
 * `prep`, the given arguments as `args` and the environment variables `env`; killed when the
 * current test finishes. For what only a process can show, such as whether anything the client
 * left behind keeps it alive.
 */
export function runScript(
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Child {
  if (!existsSync(build)) {
    throw new Error("dist/index.js is missing: run `pnpm run build` before the tests");
  }
  const module = `const prep = await import(${JSON.stringify(build.href)});
const args = ${JSON.stringify(args)};
${script}`;
  const child = spawn(process.execPath, ["--input-type=module", "--eval", module], {
    // Nothing from the developer's environment, such as a token, stands in for an option.
    env: { PATH: process.env.PATH, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<true>((resolve) => child.once("exit", () => resolve(true)));
  onTestFinished(() => {
    child.kill();
  });
  return {
    process: child,
    output: () => output,
    exitsWithin: (ms) =>
      Promise.race([exited, new Promise<false>((resolve) => setTimeout(resolve, ms, false))]),
  };
}
