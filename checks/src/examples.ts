// Type-checks the `@example` blocks of a package's doc comments, which the API reference shows,
// against the package as built, as readme.ts does for the README: an example that stops
// compiling fails the tests instead of misleading a reader. Each example is a module of its own,
// compiled in the package's folder so that it imports the package by its name; it imports every
// public name of the main entry but those it imports itself, and its other lines are the body of
// an async function, so that an example may `await`, call a hook or `return` JSX.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { type ExampleModule, typecheckModules } from "./readme.ts";

/** One `@example` block: the file it is in, the line its code starts on, and its lines. */
export interface JsdocExample {
  file: string;
  line: number;
  lines: string[];
}

/**
 * The `@example` blocks of the doc comments of the sources in `src`, in order, leaving out
 * tests and generated code (whose examples are values from the spec, not code).
 */
export function jsdocExamples(src: string): JsdocExample[] {
  return sourceFiles(src).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    return [...text.matchAll(/\/\*\*[\s\S]*?\*\//g)].flatMap((comment) => {
      const start = text.slice(0, comment.index).split("\n").length;
      const lines = comment[0]
        .split("\n")
        .map((line) => line.replace(/^\s*(\/\*\*|\*\/|\*) ?/, ""));
      const examples: JsdocExample[] = [];
      lines.forEach((line, index) => {
        if (!line.startsWith("@example")) return;
        const end = lines.findIndex((next, at) => at > index && next.startsWith("@"));
        const code = lines.slice(index + 1, end === -1 ? lines.length : end);
        // A closing `*/` line is left blank; fences, if an example has them, are not code.
        examples.push({ file, line: start + index + 1, lines: code.map(unfenced) });
      });
      return examples;
    });
  });
}

/**
 * The type errors of the `@example` blocks of the package in `dir`, each as
 * `src/<file>:<line>: <message>`; none when every example compiles (see `typecheckModules` for
 * the settings, which `options` adds to or overrides). `globals` declares what the examples
 * take as given, such as a client or an ID.
 */
export function typecheckJsdocExamples(
  dir: URL,
  globals: string,
  options: ts.CompilerOptions = {},
): string[] {
  const root = fileURLToPath(dir);
  const { name } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    name: string;
  };
  const exported = exportedNames(join(root, "src", "index.ts"));
  const modules = jsdocExamples(join(root, "src")).map((example, index): ExampleModule => {
    // Each line of the module, and the line of the example it comes from (-1: the `@example`).
    const numbered = example.lines.map((line, at) => [line, at] as const);
    const imports = numbered.filter(([line]) => line.startsWith("import "));
    const body = numbered.filter(([line]) => !line.startsWith("import "));
    const own = new Set(imports.flatMap(([line]) => importedNames(line)));
    const prelude = exported
      .filter(({ name }) => !own.has(name))
      .map(({ name, type }) => (type ? `type ${name}` : name));
    const text: (readonly [string, number])[] = [
      ...imports,
      [`import { ${prelude.join(", ")} } from "${name}";`, -1],
      ["export async function example() {", -1],
      ...body,
      ["}", -1],
    ];
    const where = relative(root, example.file);
    return {
      name: join(root, `jsdoc-example-${index + 1}.tsx`),
      text: `${text.map(([line]) => line).join("\n")}\n`,
      at: (offset) => `${where}:${example.line + (text[offset]?.[1] ?? -1)}`,
    };
  });
  return typecheckModules(root, globals, modules, options);
}

/** The names that the module at `file` exports, each with whether it is a type only. */
function exportedNames(file: string): { name: string; type: boolean }[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022);
  return source.statements.flatMap((statement) =>
    ts.isExportDeclaration(statement) &&
    statement.exportClause &&
    ts.isNamedExports(statement.exportClause)
      ? statement.exportClause.elements.map((element) => ({
          name: element.name.text,
          type: statement.isTypeOnly || element.isTypeOnly,
        }))
      : [],
  );
}

/** The local names that an `import` line brings in. */
function importedNames(line: string): string[] {
  const clause = line.match(/^import\s+(?:type\s+)?(.*?)\s+from\s/)?.[1] ?? "";
  return clause
    .replace(/[{}]/g, ",")
    .split(",")
    .map((part) => part.trim().replace(/^type\s+/, ""))
    .filter(Boolean)
    .map((part) => part.split(/\s+as\s+/).pop() ?? part);
}

/** A line of an example, a code fence made blank. */
function unfenced(line: string): string {
  return line.startsWith("```") ? "" : line;
}

/** The TypeScript sources under `dir`, but tests and generated code. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test(-d)?\./.test(entry.name) ? [path] : [];
  });
}
