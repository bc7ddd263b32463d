// Type-checks the TypeScript examples of a package's README against the package as built, so an
// example that stops compiling fails the tests instead of misleading a reader. Each ```ts or
// ```tsx block is a module of its own, compiled where the README is, so that it imports the package by its
// name as a user does; `globals` declares what the examples take as given, such as an ID.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/**
 * The time limit of a test that compiles examples. A compile is work for the CPU alone, which a
 * machine busy with other tests shares: it gets three minutes, not the twenty seconds of an
 * ordinary test.
 */
export const COMPILE_TIMEOUT_MS = 180_000;

/** One ```ts or ```tsx block of a README: its code, and the line of the README it starts on. */
export interface ReadmeExample {
  line: number;
  code: string;
  /** The block's language, which is its file's extension: `tsx` for one with JSX. */
  lang: "ts" | "tsx";
}

/** The ```ts and ```tsx blocks of the README at `readme`, in order. */
export function readmeExamples(readme: URL): ReadmeExample[] {
  const text = readFileSync(readme, "utf8");
  return [...text.matchAll(/^```(tsx?)\n([\s\S]*?)^```$/gm)].map((match) => ({
    line: text.slice(0, match.index).split("\n").length + 1,
    code: match[2] ?? "",
    lang: match[1] === "tsx" ? "tsx" : "ts",
  }));
}

/**
 * The type errors of the examples of the README at `readme`, each as
 * `README.md:<line>: <message>`; none when every example compiles, strictly, as a module of an
 * ES2022 project for browsers and bundlers, with React's JSX. `options` adds to or overrides
 * those settings, such as a consumer's `exactOptionalPropertyTypes`.
 */
export function typecheckReadme(
  readme: URL,
  globals: string,
  options: ts.CompilerOptions = {},
): string[] {
  const dir = dirname(fileURLToPath(readme));
  const modules = readmeExamples(readme).map(({ code, line, lang }, index) => ({
    name: join(dir, `readme-example-${index + 1}.${lang}`),
    // `export {}` makes a block without an import a module too, free to declare its own names.
    text: `${code}\nexport {};\n`,
    at: (offset: number) => `README.md:${line + offset}`,
  }));
  return typecheckModules(dir, globals, modules, options);
}

/** A module of examples to compile: its file name, its text, and where its lines come from. */
export interface ExampleModule {
  /** An absolute file name, in the folder whose packages the module imports. */
  name: string;
  text: string;
  /** Where the line `offset` (from 0) of `text` is, as a reader finds it, such as `README.md:12`. */
  at: (offset: number) => string;
}

/**
 * The type errors of `modules`, compiled together in `dir` with `globals` declared, each as
 * `<where>: <message>`; none when all of them compile, strictly, as modules of an ES2022
 * project for browsers and bundlers, with React's JSX. `options` adds to or overrides those
 * settings.
 */
export function typecheckModules(
  dir: string,
  globals: string,
  modules: readonly ExampleModule[],
  options: ts.CompilerOptions = {},
): string[] {
  const files = new Map<string, string>([[join(dir, "readme-globals.d.ts"), globals]]);
  const places = new Map<string, ExampleModule["at"]>();
  for (const { name, text, at } of modules) {
    files.set(name, text);
    places.set(name, at);
  }
  const settings: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: [],
    jsx: ts.JsxEmit.ReactJSX,
    skipLibCheck: true,
    ...options,
  };
  const host = ts.createCompilerHost(settings);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.getSourceFile = (name, version, ...rest) => {
    const text = files.get(name);
    return text === undefined
      ? getSourceFile(name, version, ...rest)
      : ts.createSourceFile(name, text, version);
  };
  const program = ts.createProgram([...files.keys()], settings, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file && files.has(diagnostic.file.fileName))
    .map((diagnostic) => {
      const file = diagnostic.file as ts.SourceFile;
      const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      const at = places.get(file.fileName);
      return at ? `${at(line)}: ${message}` : `globals:${line + 1}: ${message}`;
    });
}
