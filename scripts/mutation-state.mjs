// After `stryker run`: keeps in the committed incremental state (stryker.config.mjs) only what a
// later run reuses — each file's mutants and each test file's tests — and drops the run's
// `projectRoot` and `config`, which name the directories of the machine that ran it.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../packages/fetch/stryker-incremental.json", import.meta.url);
const { projectRoot, config, ...state } = JSON.parse(readFileSync(file, "utf8"));
writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
