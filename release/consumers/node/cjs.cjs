// Every package by `require`, from its CommonJS build.
const assert = require("node:assert/strict");
const uses = require("./uses.cjs");

for (const name of ["core", "fetch", "react-hooks", "mock-server"]) {
  assert.match(require.resolve(`@wdata-prep/${name}`), /\/dist\/index\.cjs$/);
}
uses({
  core: require("@wdata-prep/core"),
  fetch: require("@wdata-prep/fetch"),
  hooks: require("@wdata-prep/react-hooks"),
  mock: require("@wdata-prep/mock-server"),
  query: require("@tanstack/react-query"),
}).then((checked) => {
  console.log(JSON.stringify(["require loads the CommonJS build of each package", ...checked]));
});
