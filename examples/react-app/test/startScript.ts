// Runs the example's start script (what `pnpm start` runs) as a child process, the way a user
// does, and stops it when the test ends.
import { type ChildProcess, spawn } from "node:child_process";
import { onTestFinished } from "vitest";

const script = new URL("../scripts/start.mjs", import.meta.url).pathname;

/** The environment of a user with none of the example's or the SDK's variables set. */
const ownVariables = /^(WORKIVA_|WDATA_PREP_|HOST$|APP_PORT$|PREP_API_PORT$)/;
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !ownVariables.test(name)),
);

/** A running start script and what it printed until it was ready. */
export interface StartedScript {
  child: ChildProcess;
  output: string;
  appUrl: string;
}

/**
 * Starts the script on free ports with `env` added to a clean environment, and resolves once it
 * prints "Press Ctrl-C to stop". The child is killed when the test ends, if still running.
 */
export async function startScript(env: Record<string, string> = {}): Promise<StartedScript> {
  const child = spawn(process.execPath, [script], {
    env: { ...cleanEnv, PREP_API_PORT: "0", APP_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      if (/Press Ctrl-C to stop/.test(output)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`start exited with ${code}: ${output}`)));
  });
  const appUrl = /App: +(\S+)/.exec(output)?.[1];
  if (!appUrl) throw new Error(`The start script printed no app URL: ${output}`);
  return { child, output, appUrl };
}
