// Installs the packed tarball of @wdata-prep/core into a fresh project with npm (no workspace
// links) and uses it the way consumers do: type-checked under two module resolutions, then
// loaded from Node with both `require()` and `import`.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const packageDir = new URL("..", import.meta.url).pathname;
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
let project: string;

const consumer = `import {
  PREP_SERVERS,
  TERMINAL_RUN_STATUSES,
  type Connection,
  type ConnectionPageResponse,
  type ConnectionResponse,
  type Region,
} from "@wdata-prep/core";
import { MAX_TIMER_MS } from "@wdata-prep/core/internal";
// @ts-expect-error the rules the packages share are not in the public entry point
import { BEARER_TOKEN_PATTERN } from "@wdata-prep/core";

export const longest: number = MAX_TIMER_MS;
export const pattern: unknown = BEARER_TOKEN_PATTERN;
const region: Region = "eu";
const response: ConnectionResponse = {
  body: { connectionId: "0d6f4c1e8a2b4f9d9c3e5a7b1f2d4c6e", sourceType: "wdata_query" },
  code: 200,
};
const connection: Connection = response.body;
export const url: string = \`\${PREP_SERVERS[region]}/api/v1/connections/\${connection.connectionId}\`;
const page: ConnectionPageResponse = { body: [connection], code: 200, cursor: null };
export const finished: boolean = TERMINAL_RUN_STATUSES.includes(
  page.body[0]?.lastRun?.sourceStatus ?? "running",
);
// @ts-expect-error "excel" is not a RecordType
export const wrong: Connection = { sourceType: "excel" };
`;

function run(file: string, args: string[]): string {
  return execFileSync(file, args, { cwd: project, encoding: "utf8", stdio: "pipe" });
}

/** Runs tsc over `files` and returns its diagnostics ("" when the files type-check). */
function typecheck(options: Record<string, string>, files: string[]): string {
  const config = { compilerOptions: { strict: true, noEmit: true, ...options }, files };
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify(config));
  const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], {
    cwd: project,
    encoding: "utf8",
  });
  return `${result.stdout}${result.stderr}`.trim();
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "wdata-prep-core-install-"));
  const packed = mkdtempSync(join(tmpdir(), "wdata-prep-core-pack-"));
  execFileSync("pnpm", ["pack", "--pack-destination", packed], { cwd: packageDir, stdio: "pipe" });
  const tarball = join(packed, readdirSync(packed)[0] as string);
  writeFileSync(join(project, "package.json"), '{ "name": "consumer", "private": true }');
  run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--offline", tarball]);
  rmSync(packed, { recursive: true, force: true });
  writeFileSync(join(project, "esm.mts"), consumer);
  writeFileSync(join(project, "cjs.cts"), consumer);
  writeFileSync(join(project, "app.ts"), consumer);
}, 120_000);

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

describe("@wdata-prep/core installed from its tarball", () => {
  test("installs with no dependencies of its own", () => {
    const manifest = JSON.parse(run("npm", ["ls", "--all", "--json"]));
    expect(Object.keys(manifest.dependencies)).toEqual(["@wdata-prep/core"]);
    expect(manifest.dependencies["@wdata-prep/core"].dependencies).toBeUndefined();
  });

  test('type-checks ESM and CJS consumers under moduleResolution "node16"', () => {
    expect(
      typecheck({ module: "node16", moduleResolution: "node16" }, ["esm.mts", "cjs.cts"]),
    ).toBe("");
  });

  test('type-checks a consumer under moduleResolution "bundler"', () => {
    expect(
      typecheck({ module: "esnext", moduleResolution: "bundler", target: "es2022" }, ["app.ts"]),
    ).toBe("");
  });

  test("rejects a consumer that misuses the types", () => {
    writeFileSync(
      join(project, "bad.ts"),
      'import type { RunStatus } from "@wdata-prep/core";\nexport const s: RunStatus = "done";\n',
    );
    expect(
      typecheck({ module: "esnext", moduleResolution: "bundler", target: "es2022" }, ["bad.ts"]),
    ).toMatch(/error TS2322: Type '"done"' is not assignable/);
  });

  test("require() and import both load PREP_SERVERS and TERMINAL_RUN_STATUSES in Node", () => {
    const expected = `${JSON.stringify([
      {
        us: "https://h.app.wdesk.com/s/wdata/prep",
        eu: "https://h.eu.wdesk.com/s/wdata/prep",
        apac: "https://h.apac.wdesk.com/s/wdata/prep",
      },
      ["complete", "error", "cancelled"],
    ])}\n`;
    const print = "console.log(JSON.stringify([m.PREP_SERVERS, m.TERMINAL_RUN_STATUSES]))";
    expect(run(process.execPath, ["-e", `const m = require("@wdata-prep/core"); ${print}`])).toBe(
      expected,
    );
    expect(
      run(process.execPath, [
        "--input-type=module",
        "-e",
        `import * as m from "@wdata-prep/core"; ${print}`,
      ]),
    ).toBe(expected);
  });

  test("the rules the packages share load from @wdata-prep/core/internal only", () => {
    const names = '["MAX_TIMER_MS", "BEARER_TOKEN_PATTERN", "LOOPBACK_HOSTNAME_PATTERN"]';
    const print = `console.log(JSON.stringify(${names}.map((name) => typeof m[name])))`;
    const load = (entry: string) => [
      run(process.execPath, ["-e", `const m = require("${entry}"); ${print}`]),
      run(process.execPath, [
        "--input-type=module",
        "-e",
        `import * as m from "${entry}"; ${print}`,
      ]),
    ];
    expect(load("@wdata-prep/core")).toEqual(
      Array(2).fill('["undefined","undefined","undefined"]\n'),
    );
    expect(load("@wdata-prep/core/internal")).toEqual(
      Array(2).fill('["number","object","object"]\n'),
    );
  });
});
