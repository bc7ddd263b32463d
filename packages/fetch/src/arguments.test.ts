import { rejectsWith } from "@wdata-prep/checks/rejection";
import { describe, expect, test } from "vitest";
import { envelope, token } from "../test/fixtures.ts";
import { reply, startTestServer } from "../test/startTestServer.ts";
import { createTokenProvider } from "./auth.ts";
import { createPrepClient, type PrepClient } from "./client.ts";
import { PrepError } from "./errors.ts";
import { runOutcome } from "./outcome.ts";

// Every public function of the client, and every option of each, given a bad value: each is
// refused with a `PrepError` (the class itself, not a subclass) whose message starts with the
// name of what was bad, and nothing is sent. A JavaScript caller can pass anything, so each
// row gives what TypeScript would refuse.

/** Any value, as a JavaScript caller may give it where a typed one is due. */
// biome-ignore lint/suspicious/noExplicitAny: the rows give values the types forbid, on purpose
type Any = any;

/** An object that holds itself, which JSON cannot carry. */
const circular: Record<string, unknown> = { name: "loop" };
circular.self = circular;

/** A call of the package, given a client on a server that answers every request with 200. */
type Call = (prep: PrepClient, url: string) => unknown;

const wait = { jobId: "j1" };

const rows: [string, Call, RegExp][] = [
  // createPrepClient
  [
    "createPrepClient(null)",
    () => createPrepClient(null as Any),
    /^options must be an object, not null$/,
  ],
  [
    "createPrepClient('x')",
    () => createPrepClient("x" as Any),
    /^options must be an object, not "x"$/,
  ],
  [
    "createPrepClient([])",
    () => createPrepClient([] as Any),
    /^options must be an object, not an array$/,
  ],
  [
    "region: Symbol()",
    (_, url) => createPrepClient({ baseUrl: url, region: Symbol("r") as Any }),
    /^region must be one of us,eu,apac, not a symbol$/,
  ],
  // A string is quoted up to 40 characters, and only counted beyond.
  [
    "region: a string of 40 characters",
    () => createPrepClient({ region: "r".repeat(40) as Any }),
    new RegExp(`^region must be one of us,eu,apac, not "${"r".repeat(40)}"$`),
  ],
  [
    "region: a string of 41 characters",
    () => createPrepClient({ region: "r".repeat(41) as Any }),
    /^region must be one of us,eu,apac, not a string of 41 characters$/,
  ],
  [
    "region: 5",
    () => createPrepClient({ region: 5 as Any }),
    /^region must be one of us,eu,apac, not 5$/,
  ],
  [
    "baseUrl: 5",
    () => createPrepClient({ baseUrl: 5 as Any }),
    /^baseUrl must be an http\(s\) URL/,
  ],
  [
    "baseUrl: Symbol()",
    () => createPrepClient({ baseUrl: Symbol("u") as Any }),
    /^baseUrl must be an http\(s\) URL/,
  ],
  [
    "cacheScope: 5",
    (_, url) => createPrepClient({ baseUrl: url, cacheScope: 5 as Any }),
    /^cacheScope must be/,
  ],
  [
    "token: 5",
    (_, url) => createPrepClient({ baseUrl: url, token: 5 as Any }),
    /^token must be a string/,
  ],
  [
    "token: null",
    (_, url) => createPrepClient({ baseUrl: url, token: null as Any }),
    /^token must be a string/,
  ],
  [
    "token: {}",
    (_, url) => createPrepClient({ baseUrl: url, token: {} as Any }),
    /^token must be a string/,
  ],
  [
    "token: () => Symbol()",
    (_, url) =>
      createPrepClient({ baseUrl: url, token: () => Symbol("t") as Any }).getConnection("c1"),
    /^token must be a string/,
  ],
  [
    "clientCredentials: 'x'",
    (_, url) => createPrepClient({ baseUrl: url, clientCredentials: "x" as Any }),
    /^clientCredentials must be an object/,
  ],
  [
    "clientCredentials: null",
    (_, url) => createPrepClient({ baseUrl: url, clientCredentials: null as Any }),
    /^clientCredentials must be an object/,
  ],
  [
    "clientCredentials.clientId: 5",
    (_, url) =>
      createPrepClient({
        baseUrl: url,
        clientCredentials: { clientId: 5 as Any, clientSecret: "s" },
      }),
    /^clientCredentials need a clientId and a clientSecret/,
  ],
  [
    "clientCredentials.tokenUrl: 5",
    (_, url) =>
      createPrepClient({
        baseUrl: url,
        clientCredentials: { clientId: "i", clientSecret: "s", tokenUrl: 5 as Any },
      }),
    /^clientCredentials.tokenUrl must be/,
  ],
  [
    "clientCredentials.scope: 5",
    (_, url) =>
      createPrepClient({
        baseUrl: url,
        clientCredentials: { clientId: "i", clientSecret: "s", scope: 5 as Any },
      }),
    /^clientCredentials.scope must be/,
  ],
  [
    "maxRetries: Symbol()",
    (_, url) => createPrepClient({ baseUrl: url, maxRetries: Symbol("n") as Any }),
    /^maxRetries must be a whole number >= 0, not a symbol$/,
  ],
  [
    "maxRetries: '2'",
    (_, url) => createPrepClient({ baseUrl: url, maxRetries: "2" as Any }),
    /^maxRetries must be a whole number >= 0, not "2"$/,
  ],
  [
    "timeoutMs: Symbol()",
    (_, url) => createPrepClient({ baseUrl: url, timeoutMs: Symbol("t") as Any }),
    /^timeoutMs must be 1 to 2147483647, not a symbol$/,
  ],
  [
    "timeoutMs: 10n",
    (_, url) => createPrepClient({ baseUrl: url, timeoutMs: 10n as Any }),
    /^timeoutMs must be 1 to 2147483647, not 10n$/,
  ],
  [
    "fetch: 'x'",
    (_, url) => createPrepClient({ baseUrl: url, fetch: "x" as Any }),
    /^fetch must be a function$/,
  ],
  [
    "fetch: {}",
    (_, url) => createPrepClient({ baseUrl: url, fetch: {} as Any }),
    /^fetch must be a function$/,
  ],
  [
    "headers: 'x'",
    (_, url) => createPrepClient({ baseUrl: url, headers: "x" as Any }),
    /^headers must be an object of header names and values, not "x"$/,
  ],
  [
    "headers: []",
    (_, url) => createPrepClient({ baseUrl: url, headers: [["a", "b"]] as Any }),
    /^headers must be an object of header names and values, not an array$/,
  ],
  [
    "headers: null",
    (_, url) => createPrepClient({ baseUrl: url, headers: null as Any }),
    /^headers must be an object/,
  ],
  [
    "headers: { a: 5 }",
    (_, url) => createPrepClient({ baseUrl: url, headers: { a: 5 as Any } }),
    /^headers\["a"\] must be a string, not 5$/,
  ],
  [
    "headers: { a: Symbol() }",
    (_, url) => createPrepClient({ baseUrl: url, headers: { a: Symbol("v") as Any } }),
    /^headers\["a"\] must be a string, not a symbol$/,
  ],
  [
    "headers: { a: () => {} }",
    (_, url) => createPrepClient({ baseUrl: url, headers: { a: (() => token) as Any } }),
    /^headers\["a"\] must be a string, not a function$/,
  ],
  [
    "headers: { 'bad name': 'v' }",
    (_, url) => createPrepClient({ baseUrl: url, headers: { "bad name": "v" } }),
    /^headers\["bad name"\] is not a valid HTTP header$/,
  ],
  [
    "logger: null",
    (_, url) => createPrepClient({ baseUrl: url, logger: null as Any }),
    /^logger must have debug, info, warn and error functions/,
  ],
  [
    "logger: { debug }, without the other three",
    (_, url) => createPrepClient({ baseUrl: url, logger: { debug() {} } as Any }),
    /^logger must have debug, info, warn and error functions/,
  ],
  [
    "logger: 'console'",
    (_, url) => createPrepClient({ baseUrl: url, logger: "console" as Any }),
    /^logger must have debug, info, warn and error functions/,
  ],
  [
    "logLevel: Symbol()",
    (_, url) => createPrepClient({ baseUrl: url, logLevel: Symbol("l") as Any }),
    /^logLevel must be one of off,error,warn,info,debug, not a symbol$/,
  ],
  ...(
    [
      [0, "0"],
      [-0, "0"],
      [-1, "-1"],
      [Number.NaN, "NaN"],
      [Number.POSITIVE_INFINITY, "Infinity"],
      // Two requests 1e12 ms apart: further than a timer can wait.
      [1e-9, "1e-9"],
      ["5", '"5"'],
      [5n, "5n"],
      [Symbol("r"), "a symbol"],
      [null, "null"],
    ] as const
  ).map(([rate, shown]): [string, Call, RegExp] => [
    `maxRequestsPerSecond: ${shown}`,
    (_, url) => createPrepClient({ baseUrl: url, maxRequestsPerSecond: rate as Any }),
    new RegExp(
      `^maxRequestsPerSecond must be a number more than 0 that spaces requests at most 2147483647 ms apart, not ${shown.replace(/[+.]/g, "\\$&")}$`,
    ),
  ]),

  // createTokenProvider and getToken
  [
    "createTokenProvider(null)",
    () => createTokenProvider(null as Any),
    /^clientCredentials need a clientId and a clientSecret/,
  ],
  [
    "createTokenProvider(credentials, null)",
    () => createTokenProvider({ clientId: "i", clientSecret: "s" }, null as Any),
    /^options must be an object, not null$/,
  ],
  [
    "createTokenProvider(credentials, 'x')",
    () => createTokenProvider({ clientId: "i", clientSecret: "s" }, "x" as Any),
    /^options must be an object, not "x"$/,
  ],
  [
    "createTokenProvider fetch: 5",
    () => createTokenProvider({ clientId: "i", clientSecret: "s" }, { fetch: 5 as Any }),
    /^fetch must be a function$/,
  ],
  [
    "createTokenProvider region: 'mars'",
    () => createTokenProvider({ clientId: "i", clientSecret: "s" }, { region: "mars" as Any }),
    /^region must be one of/,
  ],
  [
    "createTokenProvider timeoutMs: '5'",
    () => createTokenProvider({ clientId: "i", clientSecret: "s" }, { timeoutMs: "5" as Any }),
    /^timeoutMs must be/,
  ],
  [
    "getToken('x')",
    (_, url) =>
      createTokenProvider({ clientId: "i", clientSecret: "s", tokenUrl: `${url}/token` }).getToken(
        "x" as Any,
      ),
    /^signal must be an AbortSignal, not "x"$/,
  ],
  [
    "getToken({})",
    (_, url) =>
      createTokenProvider({ clientId: "i", clientSecret: "s", tokenUrl: `${url}/token` }).getToken(
        {} as Any,
      ),
    /^signal must be an AbortSignal, not an object$/,
  ],

  // The options every method takes
  [
    'getConnection("c1", null)',
    (prep) => prep.getConnection("c1", null as Any),
    /^options must be an object, not null$/,
  ],
  [
    'getConnection("c1", "x")',
    (prep) => prep.getConnection("c1", "x" as Any),
    /^options must be an object, not "x"$/,
  ],
  [
    "signal: 'x'",
    (prep) => prep.getConnection("c1", { signal: "x" as Any }),
    /^signal must be an AbortSignal, not "x"$/,
  ],
  [
    "signal: a function shaped like a signal",
    (prep) =>
      prep.getConnection("c1", {
        signal: Object.assign(() => {}, { aborted: false, addEventListener() {} }) as Any,
      }),
    /^signal must be an AbortSignal, not a function$/,
  ],
  [
    "signal: null",
    (prep) => prep.getConnection("c1", { signal: null as Any }),
    /^signal must be an AbortSignal, not null$/,
  ],
  [
    "signal: an object with addEventListener but no aborted",
    (prep) => prep.getConnection("c1", { signal: { addEventListener() {} } as Any }),
    /^signal must be an AbortSignal, not an object$/,
  ],
  [
    "signal: an object with aborted but no addEventListener",
    (prep) => prep.getConnection("c1", { signal: { aborted: false } as Any }),
    /^signal must be an AbortSignal, not an object$/,
  ],
  [
    "signal: {}",
    (prep) => prep.getRefreshStatus("c1", { signal: {} as Any }),
    /^signal must be an AbortSignal, not an object$/,
  ],
  [
    "a call's timeoutMs: Symbol()",
    (prep) => prep.getConnection("c1", { timeoutMs: Symbol("t") as Any }),
    /^timeoutMs must be 1 to 2147483647, not a symbol$/,
  ],
  [
    "a call's maxRetries: 1n",
    (prep) => prep.getConnection("c1", { maxRetries: 1n as Any }),
    /^maxRetries must be a whole number >= 0, not 1n$/,
  ],
  [
    "a call's headers: 5",
    (prep) => prep.getConnection("c1", { headers: 5 as Any }),
    /^headers must be an object of header names and values, not 5$/,
  ],
  [
    "a call's headers: { a: 1 }",
    (prep) => prep.refreshConnection("c1", {}, { headers: { a: 1 as Any } }),
    /^headers\["a"\] must be a string, not 1$/,
  ],
  [
    "a call's headers: { a: 'line\\nbreak' }",
    (prep) => prep.getConnection("c1", { headers: { a: "line\nbreak" } }),
    /^headers\["a"\] is not a valid HTTP header$/,
  ],

  // getConnection, getRefreshStatus, getRefreshBatchStatus
  [
    "getConnection(Symbol())",
    (prep) => prep.getConnection(Symbol("c") as Any),
    /^connectionId must be a non-blank/,
  ],
  [
    "getConnection workspaceId: Symbol()",
    (prep) => prep.getConnection("c1", { workspaceId: Symbol("w") as Any }),
    /^workspaceId must be a non-blank/,
  ],
  [
    "getRefreshStatus jobId: 5",
    (prep) => prep.getRefreshStatus("c1", { jobId: 5 as Any }),
    /^jobId must be a non-blank/,
  ],
  [
    "getRefreshBatchStatus(Symbol())",
    (prep) => prep.getRefreshBatchStatus(Symbol("b") as Any),
    /^batchId must be a non-blank/,
  ],

  // listConnections
  [
    'listConnections(["a"])',
    (prep) => prep.listConnections(["a"] as Any),
    /^query must be an object, not an array$/,
  ],
  [
    "listConnections('x')",
    (prep) => prep.listConnections("x" as Any),
    /^query must be an object, not "x"$/,
  ],
  [
    "listConnections(() => {})",
    (prep) => prep.listConnections((() => {}) as Any),
    /^query must be an object, not a function$/,
  ],
  [
    "listConnections(null)",
    (prep) => prep.listConnections(null as Any),
    /^query must be an object, not null$/,
  ],
  [
    'listConnections({ "a=1&limit": 5 })',
    (prep) => prep.listConnections({ "a=1&limit": 5 } as Any),
    /^query has no parameter "a=1&limit": listConnections takes sourceType, sourceId, destinationType, destinationId, cursor, limit, offset$/,
  ],
  [
    "listConnections({ workspaceId })",
    (prep) => prep.listConnections({ workspaceId: "w1" } as Any),
    /^query has no parameter "workspaceId"/,
  ],
  [
    "sourceType: { x: 1 }",
    (prep) => prep.listConnections({ sourceType: { x: 1 }, sourceId: "s" } as Any),
    /^sourceType must be one of spreadsheet, .*, esg_program, not an object/,
  ],
  [
    "sourceType: ['report']",
    (prep) => prep.listConnections({ sourceType: ["report"], sourceId: "s" } as Any),
    /^sourceType must be one of .*, not an array/,
  ],
  [
    "sourceType: 5",
    (prep) => prep.listConnections({ sourceType: 5, sourceId: "s" } as Any),
    /^sourceType must be one of .*, not 5/,
  ],
  [
    'sourceType: "chart_visual"',
    (prep) => prep.listConnections({ sourceType: "chart_visual", sourceId: "s" } as Any),
    /^sourceType must be one of .*, not "chart_visual"/,
  ],
  [
    'destinationType: "esg_program"',
    (prep) => prep.listConnections({ destinationType: "esg_program", destinationId: "d" } as Any),
    /^destinationType must be one of spreadsheet, .*, report, not "esg_program"/,
  ],
  [
    "destinationType: Symbol()",
    (prep) => prep.listConnections({ destinationType: Symbol("d"), destinationId: "d" } as Any),
    /^destinationType must be one of .*, not a symbol/,
  ],
  [
    "sourceId: 5",
    (prep) => prep.listConnections({ sourceId: 5 } as Any),
    /^sourceId must be a non-blank/,
  ],
  [
    "destinationId: circular",
    (prep) => prep.listConnections({ destinationId: circular } as Any),
    /^destinationId must be a non-blank/,
  ],
  [
    "cursor: 5",
    (prep) => prep.listConnections({ cursor: 5 } as Any),
    /^cursor must be a non-blank/,
  ],
  [
    "limit: Symbol()",
    (prep) => prep.listConnections({ limit: Symbol("l") } as Any),
    /^limit must be a whole number from 1 to 1000, not a symbol$/,
  ],
  [
    "limit: 10n",
    (prep) => prep.listConnections({ limit: 10n } as Any),
    /^limit must be a whole number from 1 to 1000, not 10n$/,
  ],
  [
    "offset: '1'",
    (prep) => prep.listConnections({ offset: "1" } as Any),
    /^offset must be a whole number/,
  ],
  [
    "listConnections({}, null)",
    (prep) => prep.listConnections({}, null as Any),
    /^options must be an object, not null$/,
  ],
  [
    "listConnections signal: 'x'",
    (prep) => prep.listConnections({}, { signal: "x" as Any }),
    /^signal must be an AbortSignal/,
  ],
  [
    "maxPages: Symbol()",
    (prep) => prep.listConnections({}, { maxPages: Symbol("m") as Any }),
    /^maxPages must be a whole number from 1 to \d+, not a symbol$/,
  ],

  // refreshConnection and refreshBatch
  [
    "refreshConnection(Symbol())",
    (prep) => prep.refreshConnection(Symbol("c") as Any),
    /^connectionId must be a non-blank/,
  ],
  [
    'refreshConnection("c1", null)',
    (prep) => prep.refreshConnection("c1", null as Any),
    /^body must be an object \(a RefreshConnection\), not null$/,
  ],
  [
    'refreshConnection("c1", [])',
    (prep) => prep.refreshConnection("c1", [] as Any),
    /^body must be an object \(a RefreshConnection\), not an array$/,
  ],
  [
    "body.sourceParameters: 'x'",
    (prep) => prep.refreshConnection("c1", { sourceParameters: "x" as Any }),
    /^body.sourceParameters must be an object, not "x"$/,
  ],
  [
    "body.destinationParameters: []",
    (prep) => prep.refreshConnection("c1", { destinationParameters: [] as Any }),
    /^body.destinationParameters must be an object, not an array$/,
  ],
  [
    "body.usePreviousSourceParameters: 'yes'",
    (prep) => prep.refreshConnection("c1", { usePreviousSourceParameters: "yes" as Any }),
    /^body.usePreviousSourceParameters must be true or false, not "yes"$/,
  ],
  [
    "body.usePreviousDestinationParameters: 1",
    (prep) => prep.refreshConnection("c1", { usePreviousDestinationParameters: 1 as Any }),
    /^body.usePreviousDestinationParameters must be true or false, not 1$/,
  ],
  [
    'refreshConnection("c1", {}, null)',
    (prep) => prep.refreshConnection("c1", {}, null as Any),
    /^options must be an object, not null$/,
  ],
  [
    "refreshBatch(new Array(3))",
    (prep) => prep.refreshBatch(new Array(3)),
    /^items\[0\] must be an object \(a RefreshConnection\), not undefined$/,
  ],
  [
    "refreshBatch([item, null])",
    (prep) => prep.refreshBatch([{ connectionId: "c1" }, null as Any]),
    /^items\[1\] must be an object \(a RefreshConnection\), not null$/,
  ],
  [
    "refreshBatch('c1')",
    (prep) => prep.refreshBatch("c1" as Any),
    /^items must be an array of 1 to 100 items/,
  ],
  [
    "refreshBatch items[0].usePreviousSourceParameters: 'no'",
    (prep) => prep.refreshBatch([{ connectionId: "c1", usePreviousSourceParameters: "no" as Any }]),
    /^items\[0\].usePreviousSourceParameters must be true or false/,
  ],
  [
    "refreshBatch cancelUnwritables: 'yes'",
    (prep) => prep.refreshBatch([{ connectionId: "c1" }], { cancelUnwritables: "yes" as Any }),
    /^cancelUnwritables must be true or false, not "yes"$/,
  ],
  [
    "refreshBatch(items, null)",
    (prep) => prep.refreshBatch([{ connectionId: "c1" }], null as Any),
    /^options must be an object, not null$/,
  ],

  // The waits
  [
    "waitForRefresh(Symbol())",
    (prep) => prep.waitForRefresh(Symbol("c") as Any, wait),
    /^connectionId must be a non-blank/,
  ],
  [
    'waitForRefresh("c1", null)',
    (prep) => prep.waitForRefresh("c1", null as Any),
    /^options must be an object, not null$/,
  ],
  [
    "waitForRefresh jobId: Symbol()",
    (prep) => prep.waitForRefresh("c1", { jobId: Symbol("j") as Any }),
    /^jobId must be the jobId of the run to wait for/,
  ],
  [
    'waitForRefresh jobId: ""',
    (prep) => prep.waitForRefresh("c1", { jobId: "" }),
    /^jobId must be the jobId of the run to wait for/,
  ],
  [
    "waitForRefresh deadlineMs: Symbol()",
    (prep) => prep.waitForRefresh("c1", { ...wait, deadlineMs: Symbol("d") as Any }),
    /^deadlineMs must be 1 to 2147483647, not a symbol$/,
  ],
  [
    "waitForRefresh pollIntervalMs: '1'",
    (prep) => prep.waitForRefresh("c1", { ...wait, pollIntervalMs: "1" as Any }),
    /^pollIntervalMs must be 1 to 2147483647, not "1"$/,
  ],
  [
    "waitForRefresh onProgress: 'x'",
    (prep) => prep.waitForRefresh("c1", { ...wait, onProgress: "x" as Any }),
    /^onProgress must be a function$/,
  ],
  [
    "waitForRefresh signal: 'x'",
    (prep) => prep.waitForRefresh("c1", { ...wait, signal: "x" as Any }),
    /^signal must be an AbortSignal/,
  ],
  [
    "waitForRefresh headers: 5",
    (prep) => prep.waitForRefresh("c1", { ...wait, headers: 5 as Any }),
    /^headers must be an object/,
  ],
  [
    "waitForRefresh workspaceId: 5",
    (prep) => prep.waitForRefresh("c1", { ...wait, workspaceId: 5 as Any }),
    /^workspaceId must be a non-blank/,
  ],
  [
    "refreshAndWait(Symbol())",
    (prep) => prep.refreshAndWait(Symbol("c") as Any),
    /^connectionId must be a non-blank/,
  ],
  [
    'refreshAndWait("c1", null)',
    (prep) => prep.refreshAndWait("c1", null as Any),
    /^body must be an object \(a RefreshConnection\), not null$/,
  ],
  [
    'refreshAndWait("c1", {}, null)',
    (prep) => prep.refreshAndWait("c1", {}, null as Any),
    /^options must be an object, not null$/,
  ],
  [
    "refreshAndWait headers: { a: 1 }",
    (prep) => prep.refreshAndWait("c1", {}, { headers: { a: 1 as Any } }),
    /^headers\["a"\] must be a string/,
  ],
  [
    "refreshAndWait signal: 'x'",
    (prep) => prep.refreshAndWait("c1", {}, { signal: "x" as Any }),
    /^signal must be an AbortSignal/,
  ],
  [
    "refreshAndWait timeoutMs: 0",
    (prep) => prep.refreshAndWait("c1", {}, { timeoutMs: 0 }),
    /^timeoutMs must be 1 to/,
  ],
  [
    "waitForBatch(Symbol())",
    (prep) => prep.waitForBatch(Symbol("b") as Any),
    /^batchId must be a non-blank/,
  ],
  [
    'waitForBatch("b1", null)',
    (prep) => prep.waitForBatch("b1", null as Any),
    /^options must be an object, not null$/,
  ],
  [
    "waitForBatch maxRetries: -1",
    (prep) => prep.waitForBatch("b1", { maxRetries: -1 }),
    /^maxRetries must be a whole number/,
  ],
  [
    "refreshBatchAndWait(new Array(2))",
    (prep) => prep.refreshBatchAndWait(new Array(2)),
    /^items\[0\] must be an object/,
  ],
  [
    "refreshBatchAndWait(items, null)",
    (prep) => prep.refreshBatchAndWait([{ connectionId: "c1" }], null as Any),
    /^options must be an object, not null$/,
  ],
  [
    "refreshBatchAndWait cancelUnwritables: 1",
    (prep) => prep.refreshBatchAndWait([{ connectionId: "c1" }], { cancelUnwritables: 1 as Any }),
    /^cancelUnwritables must be true or false/,
  ],

  // refreshMany
  [
    'refreshMany("c1")',
    (prep) => prep.refreshMany("c1" as Any),
    /^connections must be an array of IDs or Connections, not "c1"$/,
  ],
  [
    "refreshMany(null)",
    (prep) => prep.refreshMany(null as Any),
    /^connections must be an array of IDs or Connections, not null$/,
  ],
  [
    "refreshMany(new Array(2))",
    (prep) => prep.refreshMany(new Array(2)),
    /^connections\[0\] \(an ID, or a Connection's connectionId\) must be a non-blank/,
  ],
  [
    'refreshMany(["c1", Symbol()])',
    (prep) => prep.refreshMany(["c1", Symbol("c") as Any]),
    /^connections\[1\] \(an ID, or a Connection's connectionId\) must be a non-blank/,
  ],
  [
    "refreshMany([{ connectionId: 5 }])",
    (prep) => prep.refreshMany([{ connectionId: 5 as Any }]),
    /^connections\[0\] \(an ID, or a Connection's connectionId\) must be a non-blank/,
  ],
  [
    "refreshMany([{ destinationId: 10n }])",
    (prep) =>
      prep.refreshMany([
        { connectionId: "c1", destinationType: "spreadsheet", destinationId: 10n as Any },
      ]),
    /^connections\[0\].destinationId must be a string when given, not 10n$/,
  ],
  [
    "refreshMany([{ destinationType: circular }])",
    (prep) =>
      prep.refreshMany([
        { connectionId: "c1", destinationType: circular as Any, destinationId: "d" },
      ]),
    /^connections\[0\].destinationType must be a string when given, not an object$/,
  ],
  [
    'refreshMany(["c1"], null)',
    (prep) => prep.refreshMany(["c1"], null as Any),
    /^options must be an object, not null$/,
  ],
  [
    'refreshMany(["c1"], "x")',
    (prep) => prep.refreshMany(["c1"], "x" as Any),
    /^options must be an object, not "x"$/,
  ],
  [
    "refreshMany wait: 'yes'",
    (prep) => prep.refreshMany(["c1"], { wait: "yes" as Any }),
    /^wait must be true or false, not "yes"$/,
  ],
  [
    "refreshMany cancelUnwritables: 0",
    (prep) => prep.refreshMany(["c1"], { cancelUnwritables: 0 as Any }),
    /^cancelUnwritables must be true or false, not 0$/,
  ],
  [
    "refreshMany deadlineMs: Symbol()",
    (prep) => prep.refreshMany(["c1"], { deadlineMs: Symbol("d") as Any }),
    /^deadlineMs must be 1 to 2147483647, not a symbol$/,
  ],
  [
    "refreshMany pollIntervalMs: '1'",
    (prep) => prep.refreshMany(["c1"], { pollIntervalMs: "1" as Any }),
    /^pollIntervalMs must be 1 to 2147483647, not "1"$/,
  ],
  [
    "refreshMany concurrency: 0",
    (prep) => prep.refreshMany(["c1"], { concurrency: 0 }),
    /^concurrency must be a whole number >= 1, not 0$/,
  ],
  [
    "refreshMany concurrency: Symbol()",
    (prep) => prep.refreshMany(["c1"], { concurrency: Symbol("c") as Any }),
    /^concurrency must be a whole number >= 1, not a symbol$/,
  ],
  [
    "refreshMany onProgress: 'x'",
    (prep) => prep.refreshMany(["c1"], { onProgress: "x" as Any }),
    /^onProgress must be a function$/,
  ],
  [
    "refreshMany signal: 'x'",
    (prep) => prep.refreshMany(["c1"], { signal: "x" as Any }),
    /^signal must be an AbortSignal, not "x"$/,
  ],
  [
    "refreshMany signal: {}",
    (prep) => prep.refreshMany(["c1"], { signal: {} as Any }),
    /^signal must be an AbortSignal, not an object$/,
  ],
  [
    "refreshMany timeoutMs: 10n",
    (prep) => prep.refreshMany(["c1"], { timeoutMs: 10n as Any }),
    /^timeoutMs must be 1 to 2147483647, not 10n$/,
  ],
  [
    "refreshMany maxRetries: '2'",
    (prep) => prep.refreshMany(["c1"], { maxRetries: "2" as Any }),
    /^maxRetries must be a whole number >= 0, not "2"$/,
  ],
  [
    "refreshMany headers: 5",
    (prep) => prep.refreshMany(["c1"], { headers: 5 as Any }),
    /^headers must be an object of header names and values, not 5$/,
  ],
  [
    "refreshMany headers: { a: 1 }",
    (prep) => prep.refreshMany(["c1"], { headers: { a: 1 as Any } }),
    /^headers\["a"\] must be a string, not 1$/,
  ],
  [
    "refreshMany headers: { authorization }",
    (prep) => prep.refreshMany(["c1"], { headers: { authorization: "Bearer x" } }),
    /^headers must not set Authorization on a client with a token or clientCredentials/,
  ],

  // runOutcome and the raw client
  [
    "runOutcome(null)",
    () => runOutcome(null as Any),
    /^run must be a ConnectionRun or a RefreshBatch, not null$/,
  ],
  [
    "runOutcome('complete')",
    () => runOutcome("complete" as Any),
    /^run must be a ConnectionRun or a RefreshBatch, not "complete"$/,
  ],
  [
    "raw signal: 'x'",
    (prep) => prep.raw.GET("/api/v1/connections", { signal: "x" as Any }),
    /^signal must be an AbortSignal, not "x"$/,
  ],
  [
    "raw fetch: 5",
    (prep) => prep.raw.GET("/api/v1/connections", { fetch: 5 as Any }),
    /^fetch must be a function$/,
  ],
];

describe("every bad argument of every public function", () => {
  test.each(rows)("%s is a PrepError naming it, before any request", async (_, call, message) => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(() => call(prep, server.url), PrepError);

    expect(error.name).toBe("PrepError");
    expect(error.message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });
});
