// The consumer projects the rehearsal installs the published packages into, one at a time, and
// what each checks. A consumer is a template folder of release/consumers, the packages `npm
// install` adds to it, and its checks in order; a check marked `needsPrevious` is skipped when
// the one before it failed (nothing to serve without a build).
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { buildNext, buildVite, serveNext, serveVite } from "./apps.mjs";
import { copySharedCard, installedVersions, runChecks, typecheck } from "./project.mjs";

/**
 * @typedef {object} Release what was published, and where
 * @property {string} version the version of every package
 * @property {string[]} packages the published packages, by folder under packages/
 * @property {Record<string, string>} peers the hooks' peer ranges
 *
 * @typedef {(folder: string, check: (text: string) => void) => Promise<unknown>} Check
 *
 * @typedef {object} Consumer
 * @property {string} name
 * @property {string} template its folder under release/consumers
 * @property {(release: Release) => string[]} specs what `npm install` adds to it
 * @property {(folder: string) => string} [installed] what to say about the versions installed
 * @property {(folder: string) => void} [prepare] after the install, before the checks
 * @property {{ name: string, run: Check, needsPrevious?: boolean }[]} checks
 */

const ours = (release, names) => names.map((name) => `@wdata-prep/${name}@${release.version}`);
const lowest = (range) => semver.minVersion(range)?.version;

/** The highest major version a range allows, such as 19 for `^18.0.0 || ^19.0.0`. */
function newestMajor(range) {
  return Math.max(...range.split("||").map((part) => semver.minVersion(part.trim())?.major ?? 0));
}

/**
 * The hooks with the lowest versions their peer ranges allow (`lowest`), or the newest. React's
 * types are not a peer: each takes the newest types of its React major (React.JSX, which
 * TanStack Query's declarations use too, came with @types/react 18.2).
 */
function peerVersions(peers, which) {
  const query = peers["@tanstack/react-query"];
  const react = which === "lowest" ? lowest(peers.react) : peers.react;
  const types = which === "lowest" ? semver.major(lowest(peers.react)) : newestMajor(peers.react);
  return [
    `@tanstack/react-query@${which === "lowest" ? lowest(query) : query}`,
    `react@${react}`,
    `react-dom@${react}`,
    `@types/react@${types}`,
    `@types/react-dom@${types}`,
  ];
}

/** @type {Consumer[]} */
export const consumers = [
  {
    name: "node",
    template: "node",
    specs: (release) => ours(release, release.packages),
    checks: [
      {
        name: "import every package, call the client",
        run: (folder, check) => runChecks(folder, ["esm.mjs"], check),
      },
      {
        name: "require every package, call the client",
        run: (folder, check) => runChecks(folder, ["cjs.cjs"], check),
      },
      {
        name: "the commands (the mock's, the command line)",
        run: (folder, check) => runChecks(folder, ["bin.mjs"], check),
      },
    ],
  },
  {
    name: "typescript",
    template: "typescript",
    specs: (release) => ours(release, release.packages),
    // uses.ts is CommonJS under node16 (the template has no "type"); its copy, an ES module.
    prepare: (folder) => copyFileSync(join(folder, "uses.ts"), join(folder, "uses.mts")),
    checks: ["node16", "bundler", "node10"].map((resolution) => ({
      name: `tsc, moduleResolution ${resolution}`,
      run: async (folder, check) => {
        await typecheck(folder, `tsconfig.${resolution}.json`);
        check(`strict, skipLibCheck false, exactOptionalPropertyTypes: no errors (${resolution})`);
      },
    })),
  },
  ...["lowest", "newest"].map((which) => ({
    name: `peers, ${which}`,
    template: "peers",
    specs: (release) => [
      ...ours(release, ["react-hooks", "fetch", "mock-server"]),
      ...peerVersions(release.peers, which),
    ],
    installed: (folder) =>
      installedVersions(folder, ["@tanstack/react-query", "react", "react-dom", "@types/react"]),
    prepare: copySharedCard,
    checks: [
      {
        name: "tsc",
        run: async (folder, check) => {
          await typecheck(folder, "tsconfig.json");
          check("strict, skipLibCheck false, exactOptionalPropertyTypes: no errors");
        },
      },
      {
        name: "the hooks in jsdom",
        needsPrevious: true,
        run: (folder, check) => runChecks(folder, ["--import", "./dom.mjs", "out/hooks.js"], check),
      },
    ],
  })),
  // Vite apps with React 18 and with React 19, as `npm install` gives them today.
  ...["18", "19"].map((react) => ({
    name: `vite, React ${react}`,
    template: "vite",
    specs: (release) => [
      ...ours(release, ["fetch", "react-hooks", "mock-server"]),
      `@tanstack/react-query@${release.peers["@tanstack/react-query"]}`,
      `react@${react}`,
      `react-dom@${react}`,
    ],
    installed: (folder) => installedVersions(folder, ["react", "react-dom", "vite"]),
    prepare: (folder) => copySharedCard(join(folder, "src")),
    checks: [
      { name: "vite build", run: buildVite },
      { name: "vite preview, Chromium", needsPrevious: true, run: serveVite },
    ],
  })),
  {
    name: "next",
    template: "next",
    specs: (release) => [
      ...ours(release, ["fetch", "react-hooks", "mock-server"]),
      `@tanstack/react-query@${release.peers["@tanstack/react-query"]}`,
    ],
    installed: (folder) => installedVersions(folder, ["next", "react", "@tanstack/react-query"]),
    prepare: (folder) => copySharedCard(join(folder, "app")),
    checks: [
      { name: "next build", run: buildNext },
      { name: "next start, Chromium, the edge route", needsPrevious: true, run: serveNext },
    ],
  },
];
