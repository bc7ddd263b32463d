// The browser test runs Debian's Chromium (or CHROMIUM_PATH). When it is missing and this runs
// as root on a machine with apt-get, install the `chromium` package; otherwise say what to do.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Installs Debian's chromium package when it is missing and can be installed here. */
export function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (existsSync(chromium)) return;
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
    console.log(
      `No Chromium at ${chromium}: install Debian's chromium package, or set CHROMIUM_PATH.`,
    );
    return;
  }
  console.log("Installing Debian's chromium package for the browser test…");
  const script = "apt-get update -qq && apt-get install -y -qq chromium >/dev/null";
  spawnSync("sh", ["-c", script], { stdio: "inherit" });
}

if (import.meta.url === `file://${process.argv[1]}`) ensureChromium();
