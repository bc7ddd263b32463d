// API reports (`<package>.api.md`, beside each published package's package.json): API
// Extractor's summary of what the package's built main entry (`dist/index.d.ts`) exports, so a
// change to the public surface shows as a reviewed diff next to its changeset.
//
//   node scripts/api-report.mjs            check the package in the working directory, or every
//                                          published package when run from the repository root
//   node scripts/api-report.mjs --update   write the reports instead (`pnpm api:update`)
//
// A check fails when a report differs from the build, when API Extractor finds one of the
// problems below, or when a package's `exports` has a public subpath this script does not report.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Extractor, ExtractorConfig, ExtractorLogLevel } from "@microsoft/api-extractor";

const root = new URL("..", import.meta.url).pathname;
const update = process.argv.includes("--update");
const updateCommand = "pnpm api:update";

/**
 * Types that a public signature names but the entry does not export (ae-forgotten-export), known
 * when the reports began: users cannot name them, so each is to be exported or inlined. Any
 * other fails the check, and so does one of these once it is gone, so the list only shrinks.
 */
const known = {
  "@wdata-prep/core": ["Schemas"],
  "@wdata-prep/fetch": ["Query"],
  "@wdata-prep/react-hooks": ["forClient"],
};

/** API Extractor's own notes on the report, which the lines of this script replace. */
const quiet = new Set([
  "console-preamble",
  "console-api-report-not-copied",
  "console-api-report-copied",
  "console-api-report-created",
  "console-api-report-unchanged",
]);

/** A subpath whose name starts with `./internal` is shared between our packages, not public API. */
const isInternal = (subpath) => subpath === "./internal" || subpath.startsWith("./internal/");

const published = readdirSync(join(root, "packages"))
  .map((name) => join(root, "packages", name))
  .filter((dir) => !JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).private);
const cwd = process.cwd();
const packages = published.includes(cwd) ? [cwd] : published;

let failures = 0;
for (const dir of packages) failures += report(dir);
process.exit(failures === 0 ? 0 : 1);

/** Checks or writes the report of the package in `dir`; returns the number of problems. */
function report(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const name = manifest.name.replace(/^@[^/]+\//, "");
  const file = join(dir, `${name}.api.md`);
  const shown = relative(root, file);
  let problems = 0;

  const unreported = Object.keys(manifest.exports ?? {}).filter(
    (subpath) => subpath !== "." && subpath !== "./package.json" && !isInternal(subpath),
  );
  for (const subpath of unreported) {
    console.error(
      `${manifest.name}: "exports" has the public subpath "${subpath}", which has no API report; ` +
        "report it here, or name it ./internal if semver is not to cover it",
    );
    problems++;
  }

  if (!manifest.exports?.["."]) {
    // A command only, such as the command line: nothing to import, so no API to report.
    return problems;
  }
  const entry = join(dir, "dist/index.d.ts");
  if (!existsSync(entry)) {
    console.error(
      `${manifest.name}: ${relative(root, entry)} is missing: run \`pnpm build\` first`,
    );
    return problems + 1;
  }

  const temp = mkdtempSync(join(tmpdir(), `wdata-prep-api-${name}-`));
  const config = ExtractorConfig.prepare({
    configObjectFullPath: join(dir, "api-extractor.json"),
    packageJsonFullPath: join(dir, "package.json"),
    configObject: {
      projectFolder: dir,
      mainEntryPointFilePath: "<projectFolder>/dist/index.d.ts",
      compiler: {
        // The built declarations alone, resolved as a bundler resolves them (the hooks' entry
        // imports its sibling modules by `.js` name); the packages they import are read from
        // node_modules and checked like the declarations themselves.
        overrideTsconfig: {
          compilerOptions: {
            target: "ES2022",
            lib: ["ES2022", "DOM", "DOM.Iterable"],
            module: "ESNext",
            moduleResolution: "Bundler",
            strict: true,
            types: [],
          },
          files: ["dist/index.d.ts"],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: name,
        reportFolder: "<projectFolder>/",
        reportTempFolder: temp,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: "lf",
      messages: {
        // A type error in the published declarations is a broken package.
        compilerMessageReporting: { default: { logLevel: "error" } },
        extractorMessageReporting: {
          // Every problem API Extractor finds fails the check, among them:
          // ae-forgotten-export (a public signature names a type the entry does not export,
          // so users cannot name it), ae-unresolved-link (a {@link} to nothing) and
          // ae-incompatible-release-tags (a public export that uses an @internal one).
          default: { logLevel: "error", addToApiReportFile: false },
          // but these two: the packages do not tag exports @public, @beta or @alpha (all that
          // the main entry exports is public), and JSDoc is optional in the report.
          "ae-missing-release-tag": { logLevel: "none" },
          "ae-undocumented": { logLevel: "none" },
        },
        // The doc comments follow JSDoc (`@default`, `@example` with prose), not TSDoc's
        // grammar; what they say is for readers of the code, not part of the report.
        tsdocMessageReporting: { default: { logLevel: "none" } },
      },
    },
  });

  const forgotten = new Set();
  const result = Extractor.invoke(config, {
    localBuild: update,
    printApiReportDiff: true,
    messageCallback(message) {
      const symbol = message.text.match(/^The symbol "([^"]+)" needs to be exported/)?.[1];
      if (message.messageId === "ae-forgotten-export" && symbol) forgotten.add(symbol);
      if (message.messageId === "ae-forgotten-export" && known[manifest.name]?.includes(symbol)) {
        message.handled = true;
      } else if (message.logLevel === ExtractorLogLevel.Error) {
        problems++;
      }
      // Our own lines below say whether the report matches, and what to run.
      if (quiet.has(message.messageId)) message.handled = true;
    },
  });
  for (const symbol of known[manifest.name] ?? []) {
    if (forgotten.has(symbol)) continue;
    console.error(
      `${manifest.name}: "${symbol}" is no longer a forgotten export: remove it from the known ones in ${relative(root, import.meta.filename)}`,
    );
    problems++;
  }

  if (update) {
    console.log(`${manifest.name}: ${shown} ${result.apiReportChanged ? "updated" : "unchanged"}`);
  } else if (result.apiReportChanged) {
    console.error(
      `${manifest.name}: ${shown} ${existsSync(file) ? "differs from the build" : "is missing"}.`,
    );
    console.error(
      `If the change to the public API is meant, run \`${updateCommand}\` and commit the report with a changeset.`,
    );
    problems++;
  } else if (problems === 0) {
    console.log(`${manifest.name}: ${shown} matches the build`);
  } else {
    console.error(`${manifest.name}: API Extractor found the problems above.`);
  }
  rmSync(temp, { recursive: true, force: true });
  return problems;
}
