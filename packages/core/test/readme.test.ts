import { COMPILE_TIMEOUT_MS, typecheckReadme } from "@wdata-prep/checks/readme";
import { expect, test } from "vitest";

/** What the examples of the README take as given. */
const globals = `
declare const connectionId: string;
declare const token: string;
`;

test("every TypeScript example of the README compiles against the built package", {
  timeout: COMPILE_TIMEOUT_MS,
}, () => {
  expect(typecheckReadme(new URL("../README.md", import.meta.url), globals)).toEqual([]);
});
