// The options of the embedded API, whichever way it is served (a server, MSW handlers), and of
// its server: what they mean, their defaults and how they are checked.
import type { Connection } from "@wdata-prep/core";
import { BEARER_TOKEN_PATTERN, MAX_TIMER_MS } from "@wdata-prep/core/internal";
import { type MockRateLimit, type ResolvedRateLimit, resolveRateLimit } from "./gateway.ts";
import { describe, isObject } from "./input.ts";
import { type MockRunOutcome, type ResolvedOutcome, resolveOutcome } from "./runs.ts";
import { seedConnections, seedRunOutcomes } from "./seed.ts";

/**
 * Options of the embedded API, served by `startPrepMockServer` or by the MSW handlers of
 * `createPrepHandlers`. Every option is validated; bad values throw.
 */
export interface PrepMockApiOptions {
  /**
   * The only bearer token to accept. When set, a request without `Authorization: Bearer <token>`
   * or with another token is answered `401`. When not set, no token is required.
   * @default undefined
   */
  token?: string;
  /**
   * The connections to serve, each with a distinct `connectionId`. The server keeps a copy:
   * changing them afterwards does not change the server.
   * @default seedConnections
   */
  connections?: readonly Connection[];
  /**
   * A delay in milliseconds before every answer, so clients can time out or abort mid-request:
   * 0 to `MAX_TIMER_MS` of `@wdata-prep/core`, which holds every answer until the client gives up.
   * @default 0
   */
  latencyMs?: number;
  /**
   * How long a run takes, in milliseconds: `not_started` for its first fifth, then running, and
   * finished once this much time has passed since it started (a batch, once all its runs are).
   * The default lets a person watch a run go by; tests pass `0` (a run is finished on its first
   * status read) or a small value; at most `MAX_TIMER_MS` of `@wdata-prep/core`.
   * @default 2000
   */
  runDurationMs?: number;
  /**
   * How the runs of each connection end, by `connectionId`; each must name a served connection.
   * A connection without one completes. Without the `connections` option these apply on top of
   * `seedRunOutcomes`; with it, only these apply.
   * @default seedRunOutcomes, or {} with the connections option
   */
  outcomes?: Readonly<Record<string, MockRunOutcome>>;
  /**
   * A rate limit, counted per bearer token as the API counts it (requests without a token share
   * one count): a request over it is answered `429` with `Retry-After`, and starts nothing.
   * Faults answer before it and do not count; a request refused `401` does not count either.
   * @default undefined (no limit)
   */
  rateLimit?: MockRateLimit;
  /**
   * How many requests `requests` keeps: the latest ones, older ones forgotten as new ones arrive,
   * so that the memory of a long-running server stays flat. `Infinity` keeps every one.
   * @default 1000
   */
  maxRecordedRequests?: number;
  /**
   * The largest body, in bytes as received, whose parsed JSON `requests` keeps; a larger one is
   * recorded with `body: undefined` and its size in `bodyBytes`. `Infinity` keeps every body the
   * server reads (up to 1 MiB).
   * @default 65536
   */
  maxRecordedBodyBytes?: number;
}

/** Options of `startPrepMockServer`: the API's, and where it listens. */
export interface PrepMockServerOptions extends PrepMockApiOptions {
  /**
   * The TCP port to listen on, from 0 to 65535; `0` picks any free port.
   * @default 0
   */
  port?: number;
  /**
   * The host name or address to listen on.
   * @default "127.0.0.1"
   */
  host?: string;
}

/** `PrepMockApiOptions` after validation, with defaults applied and connections copied. */
export interface ResolvedApiOptions {
  token: string | undefined;
  connections: ReadonlyMap<string, Connection>;
  latencyMs: number;
  runDurationMs: number;
  /** The outcome of every served connection's runs. */
  outcomes: ReadonlyMap<string, ResolvedOutcome>;
  rateLimit: ResolvedRateLimit | undefined;
  maxRecordedRequests: number;
  maxRecordedBodyBytes: number;
}

const apiOptionNames = [
  "token",
  "connections",
  "latencyMs",
  "runDurationMs",
  "outcomes",
  "rateLimit",
  "maxRecordedRequests",
  "maxRecordedBodyBytes",
];

/**
 * Validates the options of `startPrepMockServer` and applies their defaults. Throws a
 * `TypeError` for a value of the wrong kind and a `RangeError` for a number out of range, each
 * naming the option. The token is never quoted in an error.
 */
export function resolveServerOptions(
  options: PrepMockServerOptions | undefined,
): ResolvedApiOptions & { port: number; host: string } {
  const {
    port = 0,
    host = "127.0.0.1",
    ...api
  } = checkNames(options, "startPrepMockServer", ["port", "host"]) as PrepMockServerOptions;
  if (typeof port !== "number") throw new TypeError(`port must be a number, got ${describe(port)}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${port}`);
  }
  if (typeof host !== "string" || host.trim() === "") {
    throw new TypeError(`host must be a non-empty string, got ${describe(host)}`);
  }
  return { ...resolveApiOptions(api), port, host };
}

/**
 * Checks that `options` (of the function `caller`, for messages) is an object with no option
 * but the API's and `own`, and returns it: `{}` when it is `undefined`.
 */
export function checkNames(
  options: unknown,
  caller: string,
  own: readonly string[],
): Record<string, unknown> {
  if (options === undefined) return {};
  // Checked as JavaScript callers may pass it: anything.
  if (!isObject(options)) {
    throw new TypeError(`${caller} options must be an object, got ${describe(options)}`);
  }
  const names = [...own, ...apiOptionNames];
  for (const name of Object.keys(options)) {
    if (!names.includes(name)) {
      throw new TypeError(
        `Unknown ${caller} option "${name}"; the options are ${names.join(", ")}`,
      );
    }
  }
  return options;
}

/**
 * Validates the options of the API (their names already checked by `checkNames`) and applies
 * their defaults, as `resolveServerOptions` describes.
 */
export function resolveApiOptions(options: PrepMockApiOptions): ResolvedApiOptions {
  const {
    token,
    connections = seedConnections,
    latencyMs = 0,
    runDurationMs = 2000,
    outcomes = {},
    maxRecordedRequests = 1000,
    maxRecordedBodyBytes = 64 * 1024,
  } = options;
  if (token !== undefined && (typeof token !== "string" || !BEARER_TOKEN_PATTERN.test(token))) {
    throw new TypeError(
      "token must be a non-empty string of visible ASCII characters without spaces, or be left out to accept any request",
    );
  }
  checkMilliseconds("latencyMs", latencyMs);
  checkMilliseconds("runDurationMs", runDurationMs);
  checkCount("maxRecordedRequests", maxRecordedRequests);
  checkCount("maxRecordedBodyBytes", maxRecordedBodyBytes);
  const served = copyConnections(connections);
  return {
    token,
    connections: served,
    latencyMs,
    runDurationMs,
    outcomes: resolveOutcomes(served, outcomes, options.connections === undefined),
    rateLimit: resolveRateLimit(options.rateLimit),
    maxRecordedRequests,
    maxRecordedBodyBytes,
  };
}

/**
 * Checks a duration option: a number of milliseconds from 0 to core's `MAX_TIMER_MS`, the
 * longest delay a timer honours (and so the longest run).
 */
function checkMilliseconds(name: string, value: unknown): void {
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  }
  if (!Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
    throw new RangeError(`${name} must be from 0 to ${MAX_TIMER_MS}, got ${value}`);
  }
}

/** Checks a bound: a whole number, 0 or more, or `Infinity` for none. */
function checkCount(name: string, value: unknown): void {
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  }
  if (!(Number.isSafeInteger(value) || value === Number.POSITIVE_INFINITY) || value < 0) {
    throw new RangeError(`${name} must be a whole number, 0 or more, or Infinity, got ${value}`);
  }
}

/**
 * The outcome of each served connection: the one given in `outcomes`, else the seed's when the
 * seed is served, else `complete`. Each given outcome must name a served connection.
 */
function resolveOutcomes(
  served: ReadonlyMap<string, Connection>,
  outcomes: unknown,
  seeded: boolean,
): Map<string, ResolvedOutcome> {
  if (!isObject(outcomes)) {
    throw new TypeError(
      `outcomes must be an object of outcomes by connectionId, got ${describe(outcomes)}`,
    );
  }
  for (const connectionId of Object.keys(outcomes)) {
    if (!served.has(connectionId)) {
      throw new TypeError(
        `outcomes names the connectionId "${connectionId}", which is not among the served connections`,
      );
    }
  }
  const given: Record<string, unknown> = { ...(seeded && seedRunOutcomes), ...outcomes };
  const resolved = new Map<string, ResolvedOutcome>();
  for (const connectionId of served.keys()) {
    resolved.set(
      connectionId,
      Object.hasOwn(given, connectionId)
        ? resolveOutcome(given[connectionId] as MockRunOutcome, `outcomes["${connectionId}"]`)
        : { type: "complete" },
    );
  }
  return resolved;
}

function copyConnections(connections: readonly Connection[]): Map<string, Connection> {
  if (!Array.isArray(connections)) {
    throw new TypeError(`connections must be an array, got ${describe(connections)}`);
  }
  const byId = new Map<string, Connection>();
  connections.forEach((connection: unknown, index) => {
    if (!isObject(connection)) {
      throw new TypeError(`connections[${index}] must be an object, got ${describe(connection)}`);
    }
    const { connectionId } = connection as Connection;
    if (typeof connectionId !== "string" || connectionId === "") {
      throw new TypeError(`connections[${index}] has no connectionId (a non-empty string)`);
    }
    if (byId.has(connectionId)) {
      throw new TypeError(
        `connections[${index}] repeats the connectionId "${connectionId}"; each connection needs its own`,
      );
    }
    byId.set(connectionId, copyAsJson(connection, index));
  });
  return byId;
}

/** Copies a connection the way it will be served: as JSON. */
function copyAsJson(connection: object, index: number): Connection {
  try {
    return JSON.parse(JSON.stringify(connection)) as Connection;
  } catch (error) {
    throw new TypeError(`connections[${index}] cannot be served as JSON`, { cause: error });
  }
}
