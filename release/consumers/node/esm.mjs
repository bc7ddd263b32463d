// Every package by `import`, from its ES module build.
import assert from "node:assert/strict";
import * as query from "@tanstack/react-query";
import * as core from "@wdata-prep/core";
import * as fetch from "@wdata-prep/fetch";
import * as mock from "@wdata-prep/mock-server";
import * as hooks from "@wdata-prep/react-hooks";
import uses from "./uses.cjs";

for (const name of ["core", "fetch", "react-hooks", "mock-server"]) {
  assert.match(import.meta.resolve(`@wdata-prep/${name}`), /\/dist\/index\.js$/);
}
const checked = await uses({ core, fetch, hooks, mock, query });
console.log(JSON.stringify(["import loads the ES module build of each package", ...checked]));
