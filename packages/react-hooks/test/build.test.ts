// @vitest-environment node
// The published files mark exactly the modules that need a client as "use client": those with
// hooks or context. keys and the options factories (connection, connections, refresh, batch) stay
// plain modules, so React Server Components and loaders can prefetch with them.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";

const dist = new URL("../dist/", import.meta.url);
const files = readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((file) =>
  /\.c?js$/.test(file),
);
const startsWithUseClient = (file: string) =>
  /^["']use client["'];/.test(readFileSync(new URL(file, dist), "utf8").trimStart());
const usesClientReact = (file: string) =>
  /\b(useContext|useQuery|useSuspenseQuery|useInfiniteQuery|useMutation|useQueryClient|createContext)\)?\(/.test(
    readFileSync(new URL(file, dist), "utf8"),
  );

describe("built files", () => {
  test("include ESM and CJS builds of every module", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "index.js",
        "index.cjs",
        "batch.hooks.js",
        "batch.hooks.cjs",
        "batch.js",
        "batch.cjs",
        "context.js",
        "context.cjs",
        "connection.hooks.js",
        "connection.hooks.cjs",
        "connection.js",
        "connection.cjs",
        "connections.hooks.js",
        "connections.hooks.cjs",
        "connections.js",
        "connections.cjs",
        "keys.js",
        "keys.cjs",
        "refresh.hooks.js",
        "refresh.hooks.cjs",
        "refresh.js",
        "refresh.cjs",
      ]),
    );
  });

  test.each(files.filter(usesClientReact))("%s starts with 'use client'", (file) => {
    expect(startsWithUseClient(file)).toBe(true);
  });

  test.each(
    ["keys", "connection", "connections", "refresh", "batch"].flatMap((name) => [
      `${name}.js`,
      `${name}.cjs`,
    ]),
  )("%s is usable on a server: no directive, no hooks", (file) => {
    expect(startsWithUseClient(file)).toBe(false);
    expect(usesClientReact(file)).toBe(false);
  });
});
