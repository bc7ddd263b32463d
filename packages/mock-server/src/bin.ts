#!/usr/bin/env node
// The entry of the `wdata-prep-mock` command; the command itself is in cli.ts.
import { runCli } from "./cli.ts";

await runCli(process.argv.slice(2));
