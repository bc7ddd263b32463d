// The built entries as Node and bundlers load them: the main entry loads nothing of msw (an
// optional peer), and the msw entry, with every chunk it loads, no Node module, so that a
// browser bundle (`setupWorker`) can take it. Built before the tests run.
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import ts from "typescript";
import { expect, test } from "vitest";

const dist = new URL("../dist/", import.meta.url);

/** Every module a built file loads (imports, dynamic imports, requires), and theirs in dist. */
function loads(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const { importedFiles } = ts.preProcessFile(
    readFileSync(new URL(file, dist), "utf8"),
    true,
    true,
  );
  return importedFiles.flatMap(({ fileName }) =>
    fileName.startsWith("./") ? [fileName, ...loads(fileName.slice(2), seen)] : [fileName],
  );
}

const isMsw = (name: string) => name === "msw" || name.startsWith("msw/");
const isNodeModule = (name: string) =>
  name.startsWith("node:") || builtinModules.includes(name.split("/")[0] as string);

test.each(["index.js", "index.cjs"])("dist/%s loads no msw", (file) => {
  const modules = loads(file);
  expect(modules).toContain("node:http");
  expect(modules.filter(isMsw)).toEqual([]);
});

test.each(["msw.js", "msw.cjs"])("dist/%s loads msw and no Node module", (file) => {
  const modules = loads(file);
  expect(modules).toContain("msw");
  expect(modules.filter(isNodeModule)).toEqual([]);
});
