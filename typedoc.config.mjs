// The API reference (`pnpm build:docs`): one TypeDoc site for the four library packages, each
// converted on its own (packages mode) with its README as its front page, then merged into
// docs/. A warning fails the build: an export without a description, a broken link, or a type
// that a public name refers to but no entry exports.
import { fileURLToPath } from "node:url";
import { OptionDefaults } from "typedoc";

const packages = {
  "@wdata-prep/core": "packages/core",
  "@wdata-prep/fetch": "packages/fetch",
  "@wdata-prep/react-hooks": "packages/react-hooks",
  "@wdata-prep/mock-server": "packages/mock-server",
};
const source = (path) => [fileURLToPath(new URL(path, import.meta.url))];

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  name: "wdata-prep",
  entryPointStrategy: "packages",
  entryPoints: Object.values(packages),
  packageOptions: {
    // A package's own typedoc.json adds entries or leaves files out. `@wdata-prep/core/internal`
    // is left out: it is not public API.
    entryPoints: ["src/index.ts"],
    compilerOptions: {
      // One package's imports of another read its sources, not its build, so that a type of
      // core in a signature of the client links to core's page.
      paths: {
        "@wdata-prep/core": source("packages/core/src/index.ts"),
        "@wdata-prep/core/internal": source("packages/core/src/internal.ts"),
        "@wdata-prep/fetch": source("packages/fetch/src/index.ts"),
        "@wdata-prep/mock-server": source("packages/mock-server/src/index.ts"),
        "@wdata-prep/mock-server/msw": source("packages/mock-server/src/msw.ts"),
      },
    },
    // openapi-typescript writes each description of the spec as a `@description` tag; the plugin
    // below makes it the summary.
    blockTags: [...OptionDefaults.blockTags, "@description"],
    // The tests type-check the sources; here TypeDoc only reads them.
    skipErrorChecking: true,
    // A package's README links to the others by their folders, which only resolve once the
    // packages are merged: paths are checked then, below.
    validation: { invalidPath: false },
    // Source links name the repository themselves, so that a clone whose remote is not GitHub's
    // (or that has none) builds the site without a warning; git still gives the revision.
    sourceLinkTemplate:
      "https://github.com/wdata-prep/wdata-prep/blob/{gitRevision}/{path}#L{line}",
  },
  plugin: ["./scripts/typedoc-openapi.mjs"],
  readme: "README.md",
  // The command line has no library entry: its README is a page of the site.
  projectDocuments: ["packages/cli/README.md"],
  out: "docs",
  treatWarningsAsErrors: true,
  validation: {
    notExported: true,
    invalidLink: true,
    invalidPath: true,
    rewrittenLink: true,
    notDocumented: true,
    unusedMergeModuleWith: true,
  },
  packagesRequiringDocumentation: Object.keys(packages),
};
