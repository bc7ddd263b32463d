// The options of `startPrepMockServer`: what they mean, their defaults and how they are checked.
import { BEARER_TOKEN_PATTERN, type Connection } from "@wdata-prep/core";
import { seedConnections } from "./seed.ts";

/** Options of `startPrepMockServer`. Every option is validated; bad values throw. */
export interface PrepMockServerOptions {
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
   * A delay in milliseconds before every answer, so clients can time out or abort mid-request.
   * @default 0
   */
  latencyMs?: number;
}

/** `PrepMockServerOptions` after validation, with defaults applied and connections copied. */
export interface ResolvedOptions {
  port: number;
  host: string;
  token: string | undefined;
  connections: ReadonlyMap<string, Connection>;
  latencyMs: number;
}

const optionNames = new Set(["port", "host", "token", "connections", "latencyMs"]);
/** The longest delay `setTimeout` honours. */
const maxLatencyMs = 2 ** 31 - 1;

/**
 * Validates the options of `startPrepMockServer` and applies their defaults. Throws a
 * `TypeError` for a value of the wrong kind and a `RangeError` for a number out of range, each
 * naming the option. The token is never quoted in an error.
 */
export function resolveOptions(options: PrepMockServerOptions | undefined): ResolvedOptions {
  if (options === undefined) options = {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`startPrepMockServer options must be an object, got ${describe(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (!optionNames.has(name)) {
      throw new TypeError(
        `Unknown startPrepMockServer option "${name}"; the options are ${[...optionNames].join(", ")}`,
      );
    }
  }
  const {
    port = 0,
    host = "127.0.0.1",
    token,
    connections = seedConnections,
    latencyMs = 0,
  } = options;

  if (typeof port !== "number") throw new TypeError(`port must be a number, got ${describe(port)}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${port}`);
  }
  if (typeof host !== "string" || host.trim() === "") {
    throw new TypeError(`host must be a non-empty string, got ${describe(host)}`);
  }
  if (token !== undefined && (typeof token !== "string" || !BEARER_TOKEN_PATTERN.test(token))) {
    throw new TypeError(
      "token must be a non-empty string of visible ASCII characters without spaces, or be left out to accept any request",
    );
  }
  if (typeof latencyMs !== "number") {
    throw new TypeError(`latencyMs must be a number, got ${describe(latencyMs)}`);
  }
  if (!Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > maxLatencyMs) {
    throw new RangeError(`latencyMs must be from 0 to ${maxLatencyMs}, got ${latencyMs}`);
  }
  return { port, host, token, connections: copyConnections(connections), latencyMs };
}

function copyConnections(connections: readonly Connection[]): Map<string, Connection> {
  if (!Array.isArray(connections)) {
    throw new TypeError(`connections must be an array, got ${describe(connections)}`);
  }
  const byId = new Map<string, Connection>();
  connections.forEach((connection: unknown, index) => {
    if (typeof connection !== "object" || connection === null || Array.isArray(connection)) {
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

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
