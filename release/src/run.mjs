// How the rehearsal runs things: steps that time themselves and count their checks, commands
// whose output is kept for when they fail, and processes that are stopped when it ends.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

/** @typedef {{ name: string, seconds: number, ok: boolean, checks: string[], error?: string }} StepResult */

/** Every step run so far, in order. */
export const results = /** @type {StepResult[]} */ ([]);

/** Processes started by `run` and `start`, stopped by `stopAll` when the rehearsal ends. */
const running = new Set();

/**
 * Runs `body` as the step `name`: prints how long it took, and what it checked (`check(text)`
 * marks one check as passed). A step that throws fails; the rehearsal goes on with the next one
 * unless `body`'s result is needed, which the caller decides. Returns `body`'s result, or
 * `undefined` when it failed.
 * @template T
 * @param {string} name
 * @param {(check: (text: string) => void) => Promise<T>} body
 * @returns {Promise<T | undefined>}
 */
export async function step(name, body) {
  const started = performance.now();
  /** @type {StepResult} */
  const result = { name, seconds: 0, ok: false, checks: [] };
  results.push(result);
  console.log(`\n▶ ${name}`);
  try {
    const value = await body((text) => {
      result.checks.push(text);
      console.log(`  ✓ ${text}`);
    });
    result.ok = true;
    return value;
  } catch (error) {
    // A check that failed says why in its message; a mistake in the rehearsal itself, where.
    const mistake = error instanceof TypeError || error instanceof ReferenceError;
    result.error =
      error instanceof Error ? (mistake && error.stack) || error.message : String(error);
    console.log(`  ✗ ${result.error.replaceAll("\n", "\n    ")}`);
    return undefined;
  } finally {
    result.seconds = (performance.now() - started) / 1000;
    console.log(`  ${result.ok ? "done" : "FAILED"} in ${result.seconds.toFixed(1)} s`);
  }
}

/** A command that exited with a status other than 0, with what it printed. */
export class CommandError extends Error {
  name = "CommandError";
  /**
   * @param {string} message
   * @param {string} output all it printed, standard output and error as they came
   */
  constructor(message, output) {
    super(message);
    this.output = output;
  }
}

/**
 * Runs `command` with `args` in `cwd` and resolves to its standard output; rejects with a
 * `CommandError` holding the end of its output when it exits with another status than 0.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} options
 * @returns {Promise<string>}
 */
export function run(command, args, { cwd, env = process.env, timeoutMs = 600_000 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    let stdout = "";
    let output = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.on("error", reject);
    child.on("close", (status, signal) => {
      running.delete(child);
      clearTimeout(timer);
      if (status === 0) resolve(stdout);
      else {
        const shown = `${command} ${args.join(" ")}`;
        reject(
          new CommandError(
            `\`${shown}\` in ${cwd} ${signal ? `was stopped (${signal})` : `exited with ${status}`}:\n${output.slice(-6000)}`,
            output,
          ),
        );
      }
    });
  });
}

/**
 * Starts a long-running process. `ready` resolves once the pattern `ready` matches its output,
 * with the match, and rejects if it exits first or does not get ready within `timeoutMs`.
 * `stop()` ends it and resolves to its exit code; `stopAll` ends any left running.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, ready?: RegExp, timeoutMs?: number }} options
 */
export function start(command, args, { cwd, env = process.env, ready = /^/, timeoutMs = 60_000 }) {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let output = "";
  /** @type {Promise<number | string | null>} */
  const exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
    });
    // It could not start at all, such as a command that is not there.
    child.on("error", (error) => {
      running.delete(child);
      output += error.message;
      resolve(null);
    });
  });
  /** @type {Promise<RegExpMatchArray>} */
  const matched = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`${command} did not get ready in ${timeoutMs} ms:\n${output.slice(-4000)}`));
    }, timeoutMs);
    const look = () => {
      const match = output.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout.on("data", (chunk) => {
      output += chunk;
      look();
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
      look();
    });
    look();
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before it was ready:\n${output.slice(-4000)}`));
    });
  });
  // A process that is stopped on purpose after it got ready rejects nothing anyone awaits.
  matched.catch(() => {});
  return {
    ready: matched,
    output: () => output,
    /** Ends the process (SIGTERM) and resolves to its exit code, or the signal that ended it. */
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Ends every process `run` or `start` started that still runs. */
export function stopAll() {
  for (const child of running) child.kill("SIGTERM");
}

/** A TCP port free on 127.0.0.1 right now, for a server that cannot be told to pick one. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}
