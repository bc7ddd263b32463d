// `pnpm start`: the embedded Prep API on 127.0.0.1:4010 and the app on 127.0.0.1:5173
// (PREP_API_PORT, APP_PORT and HOST override them); Ctrl-C stops both.
import { startExample } from "../server/startExample.mjs";

const port = (name, fallback) => {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    console.error(`${name} must be a port number from 0 to 65535; got "${value}".`);
    process.exit(2);
  }
  return number;
};

const example = await startExample({
  apiPort: port("PREP_API_PORT", 4010),
  appPort: port("APP_PORT", 5173),
  host: process.env.HOST || "127.0.0.1",
});
console.log(
  example.api
    ? `Embedded Prep API: ${example.apiUrl} (a run takes ${example.runDurationMs / 1000} s)`
    : `Prep API: ${example.apiUrl} (a bearer token is added by the app's server)`,
);
console.log(`App:               ${example.appUrl}`);
console.log("Press Ctrl-C to stop.");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await example.close();
    console.log("Stopped.");
    process.exit(0);
  });
}
