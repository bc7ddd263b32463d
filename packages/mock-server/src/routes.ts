// The API as the spec describes it: the bearer token, the route table and one handler per
// operation. A new operation is one handler and one entry in `routes`.
import { createHash, timingSafeEqual } from "node:crypto";
import {
  type Connection,
  type ConnectionPage,
  type ConnectionResponse,
  WORKSPACE_ID_MAX_LENGTH,
} from "@wdata-prep/core";
import { badRequest, errorAnswer, invalidParameter, type MockAnswer } from "./answers.ts";
import { answerPage, readPageRequest } from "./paging.ts";

/** A request as the routes see it, once its path parameters are matched and decoded. */
interface RouteRequest {
  /** The decoded path parameters, by the names of the route's capture groups. */
  params: Readonly<Record<string, string>>;
  /** The query parameters; when a name repeats, its first value. */
  query: Readonly<Record<string, string>>;
}

/** The data the server answers from. */
interface ServedData {
  connections: ReadonlyMap<string, Connection>;
}

/** Answers one operation; it runs only for its route's path and method. */
type Handler = (request: RouteRequest, data: ServedData) => MockAnswer;

/** One operation of the spec, as a route serves it. */
interface Operation {
  handle: Handler;
  /**
   * How the spec gives this operation's 400: as a `MultiError` only, or in either form (where
   * it declares any media type). The routes use it for a path parameter they cannot decode.
   */
  badRequest: "MultiError" | "either";
}

/** One path of the API and the operations on it. */
interface Route {
  /** The whole path, with a named capture group per path parameter. */
  path: RegExp;
  /** How error messages name each path parameter, such as "connection ID". */
  params: Readonly<Record<string, string>>;
  /** The operation of each method the path answers. */
  methods: Readonly<Record<string, Operation>>;
}

/**
 * Answers `listConnections`: a page of the served connections, in the order they are served,
 * filtered and paged as the query asks (see paging.ts).
 */
const listConnections: Handler = ({ query }, { connections }) => {
  const page = readPageRequest(query);
  if (Array.isArray(page)) return badRequest(page);
  const body: ConnectionPage = { ...answerPage(connections.values(), page), code: 200 };
  return { status: 200, body };
};

/**
 * Answers `getConnection`: the connection, if it exists and belongs to `workspaceId` when one
 * is given. An empty `workspaceId` counts as not given.
 */
const getConnection: Handler = ({ params, query }, { connections }) => {
  const connectionId = params.connectionId as string;
  const workspaceId = query.workspaceId || undefined;
  const workspaceIdLength = workspaceId === undefined ? 0 : [...workspaceId].length;
  // Counted in characters (code points), as JSON Schema counts `maxLength`.
  if (workspaceIdLength > WORKSPACE_ID_MAX_LENGTH) {
    return invalidParameter(
      "workspaceId",
      `workspaceId must be at most ${WORKSPACE_ID_MAX_LENGTH} characters, got ${workspaceIdLength}`,
    );
  }
  const connection = connections.get(connectionId);
  if (!connection) return errorAnswer(404, `Connection ${connectionId} not found`);
  if (workspaceId !== undefined && connection.workspaceId !== workspaceId) {
    return errorAnswer(404, `Connection ${connectionId} not found in workspace ${workspaceId}`);
  }
  const body: ConnectionResponse = { body: connection, code: 200 };
  return { status: 200, body };
};

/** Every path the mock serves, tried in order; the first whose pattern matches answers. */
const routes: readonly Route[] = [
  {
    path: /^\/api\/v1\/connections$/,
    params: {},
    methods: { GET: { handle: listConnections, badRequest: "either" } },
  },
  {
    path: /^\/api\/v1\/connections\/(?<connectionId>[^/]+)$/,
    params: { connectionId: "connection ID" },
    methods: { GET: { handle: getConnection, badRequest: "either" } },
  },
];

/** Every method some route answers, for CORS preflights: such as `"GET"`. */
export const routeMethods: string = [
  ...new Set(routes.flatMap((route) => Object.keys(route.methods))),
].join(", ");

/**
 * Answers one request: the bearer token first (as at an API gateway, so even an unknown path
 * gets 401 without it), then the route, the method, the path parameters and the operation.
 */
export function routeRequest(
  request: {
    method: string;
    path: string;
    query: Readonly<Record<string, string>>;
    authorization: string | undefined;
  },
  options: ServedData & { token: string | undefined },
): MockAnswer {
  if (options.token !== undefined) {
    const bearer = checkBearer(request.authorization, options.token);
    if (bearer === "missing") {
      return errorAnswer(401, "Missing bearer token: send Authorization: Bearer <access token>", {
        headers: { "www-authenticate": 'Bearer realm="Wdata Prep"' },
      });
    }
    if (bearer === "invalid") {
      return errorAnswer(401, "Invalid bearer token", {
        headers: { "www-authenticate": 'Bearer realm="Wdata Prep", error="invalid_token"' },
      });
    }
  }

  const route = routes.find((candidate) => candidate.path.test(request.path));
  if (!route) return errorAnswer(404, `No route for ${request.method} ${request.path}`);

  const operation = Object.hasOwn(route.methods, request.method)
    ? route.methods[request.method]
    : undefined;
  if (!operation) {
    const allowed = Object.keys(route.methods).join(", ");
    return errorAnswer(
      405,
      `Method ${request.method} is not allowed on ${request.path}; use ${allowed}`,
      { headers: { allow: allowed } },
    );
  }

  const groups = route.path.exec(request.path)?.groups ?? {};
  const params: Record<string, string> = {};
  for (const [name, label] of Object.entries(route.params)) {
    const encoded = groups[name] ?? "";
    try {
      params[name] = decodeURIComponent(encoded);
    } catch {
      const message = `The ${label} "${encoded}" is not valid percent-encoding`;
      return operation.badRequest === "MultiError"
        ? badRequest([{ target: name, code: "invalid_parameter", message }])
        : invalidParameter(name, message);
    }
  }
  return operation.handle({ params, query: request.query }, options);
}

/**
 * Checks an `Authorization` header against the one accepted token, in constant time. The
 * scheme name is case-insensitive, as HTTP specifies.
 */
function checkBearer(
  authorization: string | undefined,
  token: string,
): "valid" | "missing" | "invalid" {
  if (authorization === undefined || authorization.trim() === "") return "missing";
  const match = /^bearer +(\S+) *$/i.exec(authorization);
  if (!match?.[1]) return "invalid";
  return timingSafeEqual(digest(match[1]), digest(token)) ? "valid" : "invalid";
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
