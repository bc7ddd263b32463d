// @vitest-environment node
// The published files keep the 'use client' directive that React Server Components need.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

test.each(["index.js", "index.cjs"])("dist/%s starts with 'use client'", (file) => {
  const code = readFileSync(new URL(`../dist/${file}`, import.meta.url), "utf8");
  expect(code.trimStart()).toMatch(/^["']use client["'];/);
});
