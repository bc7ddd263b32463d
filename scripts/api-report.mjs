// API reports, beside each published package's package.json: API Extractor's summary of what
// each public entry of the package exports, made from its built declarations, so that a change
// to the public surface shows as a reviewed diff next to its changeset. The main entry's report
// is `<name>.api.md`; a subpath's, such as `./msw`, is `<name>-msw.api.md`. A subpath named
// `./internal` (or under it) is shared between our packages, not public API, and has none.
//
//   node scripts/api-report.mjs            check the package in the working directory, or every
//                                          published package when run from the repository root
//   node scripts/api-report.mjs --update   write the reports instead (`pnpm api:update`)
//
// A check fails when a report differs from the build or is missing, when a report is left
// over from an entry that is gone, and when API Extractor finds one of the problems below.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Extractor, ExtractorConfig, ExtractorLogLevel } from "@microsoft/api-extractor";

const root = new URL("..", import.meta.url).pathname;
const update = process.argv.includes("--update");
const updateCommand = "pnpm api:update";

/** API Extractor's own notes on the report, which the lines of this script replace. */
const quiet = new Set([
  "console-preamble",
  "console-api-report-not-copied",
  "console-api-report-copied",
  "console-api-report-created",
  "console-api-report-unchanged",
]);

const isInternal = (subpath) => subpath === "./internal" || subpath.startsWith("./internal/");

const published = readdirSync(join(root, "packages"))
  .map((name) => join(root, "packages", name))
  .filter((dir) => !JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).private);
const cwd = process.cwd();
const packages = published.includes(cwd) ? [cwd] : published;

let failures = 0;
for (const dir of packages) failures += reportPackage(dir);
process.exit(failures === 0 ? 0 : 1);

/** Checks or writes the reports of the package in `dir`; returns the number of problems. */
function reportPackage(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const name = manifest.name.replace(/^@[^/]+\//, "");
  // A package that is only a command, such as the command line, exports nothing to import.
  const entries = Object.entries(manifest.exports ?? {}).filter(
    ([subpath]) => subpath !== "./package.json" && !isInternal(subpath),
  );
  const reports = entries.map(([subpath]) =>
    subpath === "." ? name : `${name}-${subpath.slice(2).replaceAll("/", "-")}`,
  );
  let problems = 0;
  for (const [index, [subpath, target]] of entries.entries()) {
    problems += reportEntry(dir, manifest, subpath, target, reports[index]);
  }
  for (const file of readdirSync(dir).filter((file) => file.endsWith(".api.md"))) {
    if (reports.includes(file.slice(0, -".api.md".length))) continue;
    console.error(`${manifest.name}: ${file} reports no entry of "exports"; delete it`);
    problems++;
  }
  return problems;
}

/** The declaration file that TypeScript takes for an `import` of an `exports` entry. */
function declarationsOf(target) {
  if (typeof target === "string") return target.replace(/\.js$/, ".d.ts");
  return target.import?.types ?? target.types ?? declarationsOf(target.import ?? target.default);
}

/**
 * Checks or writes the report `report` of the entry `subpath` of the package in `dir`; returns
 * the number of problems.
 */
function reportEntry(dir, manifest, subpath, target, report) {
  const file = join(dir, `${report}.api.md`);
  const shown = relative(root, file);
  const entry = declarationsOf(target);
  const label = `${manifest.name}${subpath === "." ? "" : subpath.slice(1)}`;
  if (!existsSync(join(dir, entry))) {
    console.error(`${label}: ${entry} is missing: run \`pnpm build\` first`);
    return 1;
  }

  const temp = mkdtempSync(join(tmpdir(), `wdata-prep-api-${report}-`));
  const config = ExtractorConfig.prepare({
    configObjectFullPath: join(dir, "api-extractor.json"),
    packageJsonFullPath: join(dir, "package.json"),
    configObject: {
      projectFolder: dir,
      mainEntryPointFilePath: join(dir, entry),
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
          files: [entry],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: report,
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
          // a public entry exports is public), and JSDoc is optional in the report.
          "ae-missing-release-tag": { logLevel: "none" },
          "ae-undocumented": { logLevel: "none" },
        },
        // The doc comments follow JSDoc (`@default`, `@example` with prose), not TSDoc's
        // grammar; what they say is for readers of the code, not part of the report.
        tsdocMessageReporting: { default: { logLevel: "none" } },
      },
    },
  });

  let problems = 0;
  const result = Extractor.invoke(config, {
    localBuild: update,
    printApiReportDiff: !update,
    messageCallback(message) {
      if (message.logLevel === ExtractorLogLevel.Error) problems++;
      if (quiet.has(message.messageId)) message.handled = true;
    },
  });

  if (update) {
    console.log(`${label}: ${shown} ${result.apiReportChanged ? "updated" : "unchanged"}`);
  } else if (result.apiReportChanged) {
    console.error(
      `${label}: ${shown} ${existsSync(file) ? "differs from the build" : "is missing"}.`,
    );
    console.error(
      `If the change to the public API is meant, run \`${updateCommand}\` and commit the report with a changeset.`,
    );
    problems++;
  } else if (problems === 0) {
    console.log(`${label}: ${shown} matches the build`);
  } else {
    console.error(`${label}: API Extractor found the problems above.`);
  }
  rmSync(temp, { recursive: true, force: true });
  return problems;
}
