// @vitest-environment node
// The README's examples compile. Each ts or tsx block, as it stands in the README, is checked as a
// module of a consumer with the strictest settings (test/consumer/tsconfig.json) against the
// built .d.ts, what the examples take as given declared in test/readme/context.d.ts. Nothing is
// copied, so an example cannot drift from what it shows.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, test } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const readme = readFileSync(join(root, "README.md"), "utf8");

/** A fenced block of the README: its language, its code and the line its code starts on. */
interface Block {
  lang: string;
  line: number;
  code: string;
}

function fencedBlocks(markdown: string): Block[] {
  const lines = markdown.split("\n");
  const blocks: Block[] = [];
  for (let index = 0; index < lines.length; index++) {
    const lang = /^```(\w*)$/.exec(lines[index] ?? "")?.[1];
    if (lang === undefined) continue;
    const end = lines.indexOf("```", index + 1);
    blocks.push({ lang, line: index + 2, code: lines.slice(index + 1, end).join("\n") });
    index = end;
  }
  return blocks;
}

const blocks = fencedBlocks(readme);
const examples = blocks.filter(({ lang }) => lang === "ts" || lang === "tsx");
/** Where each example is compiled: a file of its own, beside the context, that exists nowhere. */
const fileOf = ({ lang, line }: Block) => join(root, "test/readme", `line-${line}.${lang}`);

/** Each example's errors, as "README line: message", and those found anywhere else. */
let errors: Map<string, string[]>;

// A compile is work for the CPU alone, which a machine busy with other tests shares: it gets
// three minutes, not the minute of an ordinary hook.
beforeAll(() => {
  const configPath = join(root, "test/consumer/tsconfig.json");
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath));
  // The built .d.ts and the libraries are checked by the consumer's type test; here only the
  // examples are, which keeps this compile a few seconds on a busy machine.
  const options = { ...parsed.options, skipLibCheck: true };
  // The trailing export makes each example a module of its own, as a user's file would be.
  const sources = new Map(examples.map((block) => [fileOf(block), `${block.code}\nexport {};\n`]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => sources.has(file) || fileExists.call(host, file);
  host.readFile = (file) => sources.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) => {
    const source = sources.get(file);
    return source === undefined
      ? getSourceFile.call(host, file, language, ...rest)
      : ts.createSourceFile(file, source, language);
  };
  const program = ts.createProgram(
    [...sources.keys(), join(root, "test/readme/context.d.ts")],
    options,
    host,
  );
  errors = new Map([...sources.keys(), "elsewhere"].map((file) => [file, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    const { file, start } = diagnostic;
    const block = examples.find((example) => fileOf(example) === file?.fileName);
    if (file && block && start !== undefined) {
      const { line } = file.getLineAndCharacterOfPosition(start);
      errors.get(file.fileName)?.push(`README line ${block.line + line}: ${message}`);
    } else {
      errors.get("elsewhere")?.push(`${file?.fileName ?? ""} ${message}`);
    }
  }
}, 180_000);

describe("the README", () => {
  test("has examples, and every block is TypeScript or a shell command", () => {
    expect(examples.length).toBeGreaterThan(0);
    expect(blocks.filter(({ lang }) => !["ts", "tsx", "sh"].includes(lang))).toEqual([]);
  });

  test.each(examples.map((block) => [block.line, block] as const))(
    "the example at line %i compiles",
    (_, block) => {
      expect(errors.get(fileOf(block))).toEqual([]);
    },
  );

  test("the built types and the examples' context compile with them", () => {
    expect(errors.get("elsewhere")).toEqual([]);
  });
});
