// @vitest-environment node
// The CommonJS build as a CommonJS program meets it: `require("@wdata-prep/react-hooks")` in a
// Node process of its own, whose client (the CommonJS build of @wdata-prep/fetch) is called
// against the embedded API: a query fetched with connectionQueryOptions, then rendered on the
// server by useConnection from the cache.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { seedConnections, startPrepMockServer } from "@wdata-prep/mock-server";
import { expect, onTestFinished, test } from "vitest";
import { TOKEN } from "./harness.tsx";

const packageDir = new URL("..", import.meta.url).pathname;

test("require() gives hooks whose client gets a connection, rendered on the server", async () => {
  if (!existsSync(new URL("../dist/index.cjs", import.meta.url))) {
    throw new Error("dist/index.cjs is missing: run `pnpm run build` before the tests");
  }
  const api = await startPrepMockServer({ token: TOKEN });
  onTestFinished(() => api.close());
  const connection = seedConnections[0];
  const script = `
const { createElement } = require("react");
const { renderToString } = require("react-dom/server");
const { QueryClient, QueryClientProvider } = require("@tanstack/react-query");
const { createPrepClient } = require("@wdata-prep/fetch");
const { PrepClientProvider, connectionQueryOptions, useConnection } = require("@wdata-prep/react-hooks");
const [baseUrl, token, connectionId] = process.argv.slice(1);
const prep = createPrepClient({ baseUrl, token });
const queryClient = new QueryClient();
function Name() {
  const { data } = useConnection(connectionId);
  return data ? data.name : "not loaded";
}
(async () => {
  const fetched = await queryClient.fetchQuery(connectionQueryOptions(prep, connectionId));
  const html = renderToString(
    createElement(QueryClientProvider, { client: queryClient },
      createElement(PrepClientProvider, { client: prep }, createElement(Name))),
  );
  console.log(JSON.stringify({ fetched: fetched.name, html }));
})();
`;

  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      "--input-type=commonjs",
      "--eval",
      script,
      "--",
      api.url,
      TOKEN,
      connection?.connectionId ?? "",
    ],
    { cwd: packageDir, env: { PATH: process.env.PATH } },
  );

  expect(JSON.parse(stdout)).toEqual({ fetched: connection?.name, html: connection?.name });
  expect(api.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
    `GET /api/v1/connections/${connection?.connectionId}`,
  ]);
});
