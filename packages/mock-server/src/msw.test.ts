// The MSW handlers as a user sets them up: the base URLs they answer, their options, and one API
// behind all of them. (Their behaviour is the engine's: the route, run, batch, fault, rate-limit
// and record suites run over both transports.)
import { PREP_SERVERS } from "@wdata-prep/core";
import { setupServer } from "msw/node";
import { describe, expect, onTestFinished, test } from "vitest";
import { first } from "../test/api.ts";
import { fetchSpecResponse } from "../test/fetchSpecResponse.ts";
import { createPrepHandlers, type PrepHandlers, type PrepHandlersOptions } from "./msw.ts";

/**
 * Answers the global fetch with `prep`'s handlers until the test finishes, and returns the URLs
 * of the requests no handler answered (each such request fails, and reaches no network).
 */
function listen(prep: PrepHandlers): string[] {
  const unhandled: string[] = [];
  const server = setupServer(...prep.handlers);
  server.listen({
    onUnhandledRequest(request) {
      unhandled.push(request.url);
      throw new Error(`Unhandled ${request.method} ${request.url}`);
    },
  });
  onTestFinished(() => server.close());
  return unhandled;
}

const connectionPath = `/api/v1/connections/${first.connectionId}`;

describe("createPrepHandlers", () => {
  test("answers a client of any region by default, as one API", async () => {
    const prep = createPrepHandlers({ runDurationMs: 0 });
    expect(prep.handlers).toHaveLength(Object.keys(PREP_SERVERS).length);
    listen(prep);
    const regions = Object.values(PREP_SERVERS);
    const [us, eu, apac] = regions;
    const started = await fetchSpecResponse(`${us}${connectionPath}/refresh`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const { body } = await fetchSpecResponse(`${eu}${connectionPath}/status`);
    expect(body.body.jobId).toBe(started.body.body.jobId);
    expect((await fetchSpecResponse(`${apac}${connectionPath}`)).status).toBe(200);
    expect(prep.requests.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      `POST ${connectionPath}/refresh 200`,
      `GET ${connectionPath}/status 200`,
      `GET ${connectionPath} 200`,
    ]);
  });

  test("answers only under the given base URLs, each once, with or without a trailing slash", async () => {
    const prep = createPrepHandlers({
      baseUrl: [
        "https://api.example.test/prep/",
        "https://api.example.test/prep",
        "http://127.0.0.1:9/",
      ],
    });
    expect(prep.handlers).toHaveLength(2);
    const unhandled = listen(prep);
    expect((await fetch(`https://api.example.test/prep${connectionPath}`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:9${connectionPath}`)).status).toBe(200);
    for (const url of [
      `${PREP_SERVERS.us}${connectionPath}`,
      `https://api.example.test/prepare${connectionPath}`,
      `https://api.example.test${connectionPath}`,
    ]) {
      await fetch(url);
    }
    expect(unhandled).toEqual([
      `${PREP_SERVERS.us}${connectionPath}`,
      `https://api.example.test/prepare${connectionPath}`,
      `https://api.example.test${connectionPath}`,
    ]);
    expect(prep.requests.map((request) => request.path)).toEqual([connectionPath, connectionPath]);
  });

  test("answers a path MSW cannot decode as the API does", async () => {
    const prep = createPrepHandlers();
    listen(prep);
    const { status, body } = await fetchSpecResponse(
      `${PREP_SERVERS.eu}/api/v1/connections/%E0%A4%A`,
    );
    expect(status).toBe(400);
    expect(body.details[0].target).toBe("connectionId");
  });

  test.each<[string, unknown, ErrorConstructor, RegExp]>([
    [
      "options that are not an object",
      "us",
      TypeError,
      /createPrepHandlers options must be an object/,
    ],
    [
      "a server's option",
      { port: 4010 },
      TypeError,
      /Unknown createPrepHandlers option "port"; the options are baseUrl, token, /,
    ],
    ["a path outside a browser", { baseUrl: "/prep" }, TypeError, /^baseUrl must be an absolute/],
    ["another scheme", { baseUrl: "ftp://example.test/prep" }, TypeError, /^baseUrl must be/],
    ["a query", { baseUrl: `${PREP_SERVERS.us}?x=1` }, TypeError, /^baseUrl must be/],
    [
      "a base URL that is not a string",
      { baseUrl: [PREP_SERVERS.us, 5] },
      TypeError,
      /^baseUrl\[1\] must be/,
    ],
    ["no base URL", { baseUrl: [] }, TypeError, /baseUrl must name at least one base URL/],
    ["an API option out of range", { latencyMs: -1 }, RangeError, /latencyMs must be from 0/],
  ])("throws for %s", (_name, options, errorClass, message) => {
    const create = () => createPrepHandlers(options as PrepHandlersOptions);
    expect(create).toThrow(errorClass);
    expect(create).toThrow(message);
  });

  test("never quotes a base URL, which may carry credentials", () => {
    const create = () =>
      createPrepHandlers({ baseUrl: "https://user:s3cret@api.example.test/prep" });
    expect(create).toThrow(/without credentials/);
    expect(create).not.toThrow(/s3cret/);
  });
});
