import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

/** A built declaration file. */
function declarations(name: string): string {
  try {
    return readFileSync(new URL(`../dist/${name}`, import.meta.url), "utf8");
  } catch {
    throw new Error(`dist/${name} is missing: run \`pnpm run build\` before the tests`);
  }
}

test.each(["index.d.ts", "index.d.cts"])(
  "%s shows parameters as the strings they are, and each core type under its own name",
  (name) => {
    const types = declarations(name);

    expect(types).toContain(
      "getConnection(connectionId: string, options?: GetConnectionOptions): PrepPromise<Connection>;",
    );
    expect(types).toMatch(/^\s+workspaceId\?: string \| undefined;$/m);
    expect(types).toMatch(/^\s+jobId\?: string \| undefined;$/m);
    expect(types).toMatch(/^\s+cancelUnwritables\?: boolean \| undefined;$/m);
    // No path into the generated types, and no core type under a second name, such as `Connection$1`.
    expect(types).not.toMatch(/\boperations\b|\$\d/);
    expect(types).toMatch(
      /^import \{ Connection, ConnectionRun, ErrorDetail, ListConnectionsQuery, RecordType, RefreshBatch, RefreshBatchRequest, RefreshConnection, Region, RunStatus, paths \} from "@wdata-prep\/core";$/m,
    );
  },
);
