#!/usr/bin/env node
// The entry of the `wdata-prep` command; the command line itself is in program.ts.
import { main } from "./program.ts";

const exitCode = await main(process.argv.slice(2));
// Exits once stdout and stderr are flushed, without waiting for what may still hold the
// process: after Ctrl-C, a request in flight that never notices its abort (undici issue 3644 on
// Node 20); after any command, the client's idle keep-alive sockets.
let flushing = 2;
const flushed = () => {
  flushing -= 1;
  if (flushing === 0) process.exit(exitCode);
};
process.stdout.write("", flushed);
process.stderr.write("", flushed);
