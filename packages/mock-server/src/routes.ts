// The API as the spec describes it: the route table and one handler per operation. A new operation is one handler and one entry in `routes`.
import type {
  ConnectionPageResponse,
  ConnectionResponse,
  ConnectionRunResponse,
  RefreshBatchResponse,
} from "@wdata-prep/core";
import { badRequest, errorAnswer, invalidParameter, type MockAnswer } from "./answers.ts";
import type { RequestBody } from "./body.ts";
import {
  bodyProblem,
  readBatch,
  readBoolean,
  readRefreshConnection,
  readWorkspaceId,
} from "./input.ts";
import { answerPage, readPageRequest } from "./paging.ts";
import { batchAt, newId, runAt } from "./runs.ts";
import {
  type ApiState,
  connectionAt,
  latestRunAt,
  runGoing,
  runOf,
  type ServedConnection,
  startRunOf,
} from "./state.ts";

/** A request as the routes see it, once its path parameters are matched and decoded. */
interface RouteRequest {
  /** The decoded path parameters, by the names of the route's capture groups. */
  params: Readonly<Record<string, string>>;
  /** The query parameters; when a name repeats, its first value. */
  query: Readonly<Record<string, string>>;
  body: RequestBody;
  /** The time the request is answered at, in milliseconds since the epoch. */
  now: number;
}

/** What the operations answer from and change. */
export interface Api {
  state: ApiState;
  runDurationMs: number;
}

/** Answers one operation; it runs only for its route's path and method. */
type Handler = (request: RouteRequest, api: Api) => MockAnswer;

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
const listConnections: Handler = ({ query, now }, { state }) => {
  const page = readPageRequest(query);
  if (Array.isArray(page)) return badRequest(page);
  const connections = [...state.connections.values()].map((c) => connectionAt(c, now));
  const body: ConnectionPageResponse = { ...answerPage(connections, page), code: 200 };
  return { status: 200, body };
};

/**
 * Answers `getConnection`: the connection, if it exists and belongs to `workspaceId` when one
 * is given. An empty `workspaceId` counts as not given.
 */
const getConnection: Handler = ({ params, query, now }, { state }) => {
  const workspace = readWorkspaceId(query.workspaceId);
  if ("target" in workspace) return invalidParameter(workspace.target, workspace.message);
  const connection = findConnection(state, params.connectionId, workspace.workspaceId);
  if ("status" in connection) return connection;
  const body: ConnectionResponse = { body: connectionAt(connection, now), code: 200 };
  return { status: 200, body };
};

/**
 * Answers `refreshConnection`: starts a run and answers it as it starts (`not_started`). The
 * body must be a `RefreshConnection` whose `connectionId`, if any, is the path's. A connection
 * whose destination cannot be written is answered 423, one whose run is still going 409.
 */
const refreshConnection: Handler = ({ params, body, now }, api) => {
  if (body.kind !== "json") return badRequest([bodyProblem(body, "a RefreshConnection")]);
  const refresh = readRefreshConnection(body.value, "");
  if (Array.isArray(refresh)) return badRequest(refresh);
  const connectionId = params.connectionId as string;
  if (refresh.connectionId !== undefined && refresh.connectionId !== connectionId) {
    const message = `connectionId "${refresh.connectionId}" in the body differs from "${connectionId}" in the path; send the path's ID or none`;
    return badRequest([{ target: "connectionId", code: "connection_id_mismatch", message }]);
  }
  const connection = findConnection(api.state, connectionId, refresh.workspaceId);
  if ("status" in connection) return connection;
  const refused = refuseRun(connection, now);
  if (refused) return errorAnswer(refused.status, refused.message);
  const run = startRunOf(api.state, connection, refresh, { now, durationMs: api.runDurationMs });
  const answer: ConnectionRunResponse = { body: runAt(run, "created"), code: 200 };
  return { status: 200, body: answer };
};

/**
 * Answers `getRefreshStatus`: the connection's run with `jobId`, or its latest run. A `jobId`
 * of no run of this connection, and a connection that never ran, are answered 404.
 */
const getRefreshStatus: Handler = ({ params, query, now }, { state }) => {
  const workspace = readWorkspaceId(query.workspaceId);
  if ("target" in workspace) return invalidParameter(workspace.target, workspace.message);
  const connection = findConnection(state, params.connectionId, workspace.workspaceId);
  if ("status" in connection) return connection;
  const { connectionId } = connection.given;
  const jobId = query.jobId || undefined;
  if (jobId === undefined) {
    const latest = latestRunAt(connection, now);
    if (!latest) return errorAnswer(404, `Connection ${connectionId} has never run`);
    return { status: 200, body: { body: latest, code: 200 } };
  }
  const run = runOf(state, connection, jobId, now);
  if (!run) return errorAnswer(404, `Run ${jobId} of connection ${connectionId} not found`);
  return { status: 200, body: { body: run, code: 200 } };
};

/**
 * Answers `refreshBatch`: starts one run of each connection of the body, in its order, and
 * answers the batch as it starts. Every item must name a served connection, each once, all
 * writing into one destination. A child whose destination cannot be written is cancelled at
 * once with `cancelUnwritables=true`, and refuses the whole batch with 423 without it; a child
 * whose run is still going refuses the whole batch with 409.
 */
const refreshBatch: Handler = ({ query, body, now }, api) => {
  const cancelUnwritables = readBoolean("cancelUnwritables", query.cancelUnwritables, false);
  if (typeof cancelUnwritables !== "boolean") return badRequest([cancelUnwritables]);
  if (body.kind !== "json") {
    return badRequest([bodyProblem(body, "an array of RefreshConnection items")]);
  }
  const { items, problems } = readBatch(body.value, api.state.connections);
  if (problems.length > 0) return badRequest(problems);

  const refused = items.flatMap(({ connection }, index) => {
    const refusal = refuseRun(connection, now);
    if (!refusal || (refusal.status === 423 && cancelUnwritables)) return [];
    return [{ ...refusal, target: `[${index}].connectionId` }];
  });
  // 423 before 409: a child that cannot write would not run, whatever else is going.
  const status = refused.some((r) => r.status === 423) ? 423 : refused[0]?.status;
  if (status)
    return refuseBatch(
      status,
      refused.filter((r) => r.status === status),
    );

  const batch = {
    batchRefreshId: newId(),
    startedAt: now,
    children: items.map(({ connection, refresh }) =>
      startRunOf(api.state, connection, refresh, { now, durationMs: api.runDurationMs }),
    ),
  };
  api.state.batches.set(batch.batchRefreshId, batch);
  const answer: RefreshBatchResponse = { body: batchAt(batch, "created"), code: 200 };
  return { status: 200, body: answer };
};

/**
 * Answers `getRefreshBatchStatus`: the batch and its children's runs at this time. With a
 * `workspaceId`, the batch must have a run in that workspace.
 */
const getRefreshBatchStatus: Handler = ({ params, query, now }, { state }) => {
  const workspace = readWorkspaceId(query.workspaceId);
  if ("target" in workspace) return badRequest([workspace]);
  const { batchId } = params;
  const batch = state.batches.get(batchId as string);
  if (!batch) return errorAnswer(404, `Batch ${batchId} not found`);
  const { workspaceId } = workspace;
  if (
    workspaceId !== undefined &&
    !batch.children.some((run) => run.fields.workspaceId === workspaceId)
  ) {
    return errorAnswer(404, `Batch ${batchId} not found in workspace ${workspaceId}`);
  }
  const body: RefreshBatchResponse = { body: batchAt(batch, now), code: 200 };
  return { status: 200, body };
};

/**
 * The served connection with this ID, in `workspaceId` when one is given; otherwise the 404
 * answer that says which of the two is missing.
 */
function findConnection(
  state: ApiState,
  connectionId: string | undefined,
  workspaceId: string | undefined,
): ServedConnection | MockAnswer {
  const connection = state.connections.get(connectionId as string);
  if (!connection) return errorAnswer(404, `Connection ${connectionId} not found`);
  if (workspaceId !== undefined && connection.given.workspaceId !== workspaceId) {
    return errorAnswer(404, `Connection ${connectionId} not found in workspace ${workspaceId}`);
  }
  return connection;
}

/**
 * Why the connection cannot run now, if it cannot: 423 when its destination cannot be written,
 * 409 while a run of it is still going.
 */
function refuseRun(
  connection: ServedConnection,
  now: number,
): { status: 409 | 423; message: string } | undefined {
  const { connectionId } = connection.given;
  if (connection.outcome.type === "unwritable") {
    return {
      status: 423,
      message: `Connection ${connectionId} cannot write into its destination: ${connection.outcome.error}`,
    };
  }
  const going = runGoing(connection, now);
  if (going) {
    return {
      status: 409,
      message: `Connection ${connectionId} is already running (job ${going.fields.jobId}); run it again once that run is finished`,
    };
  }
  return undefined;
}

/** Refuses a whole batch: a message per child at fault, each with its target in `details`. */
function refuseBatch(
  status: 409 | 423,
  refused: readonly { target: string; message: string }[],
): MockAnswer {
  const messages = refused.map(({ target, message }) => `${target}: ${message}`).join("; ");
  const hint =
    status === 423 ? "; send cancelUnwritables=true to cancel those runs and start the others" : "";
  const code = status === 423 ? "unwritable" : "running";
  return errorAnswer(status, `${messages}${hint}`, {
    details: refused.map(({ target, message }) => ({ code, message, target })),
  });
}

/** Every path the mock serves, tried in order; the first whose pattern matches answers. */
const routes: readonly Route[] = [
  {
    path: /^\/api\/v1\/connections$/,
    params: {},
    methods: { GET: { handle: listConnections, badRequest: "either" } },
  },
  // The batch paths come before the connection paths: "batch" is not taken for a connection ID.
  {
    path: /^\/api\/v1\/connections\/batch\/refresh$/,
    params: {},
    methods: { POST: { handle: refreshBatch, badRequest: "MultiError" } },
  },
  {
    path: /^\/api\/v1\/connections\/batch\/refresh\/(?<batchId>[^/]+)$/,
    params: { batchId: "batch ID" },
    methods: { GET: { handle: getRefreshBatchStatus, badRequest: "MultiError" } },
  },
  {
    path: /^\/api\/v1\/connections\/(?<connectionId>[^/]+)$/,
    params: { connectionId: "connection ID" },
    methods: { GET: { handle: getConnection, badRequest: "either" } },
  },
  {
    path: /^\/api\/v1\/connections\/(?<connectionId>[^/]+)\/refresh$/,
    params: { connectionId: "connection ID" },
    methods: { POST: { handle: refreshConnection, badRequest: "MultiError" } },
  },
  {
    path: /^\/api\/v1\/connections\/(?<connectionId>[^/]+)\/status$/,
    params: { connectionId: "connection ID" },
    methods: { GET: { handle: getRefreshStatus, badRequest: "either" } },
  },
];

/** Every method some route answers, for CORS preflights: such as `"GET, POST"`. */
export const routeMethods: string = [
  ...new Set(routes.flatMap((route) => Object.keys(route.methods))),
].join(", ");

/** Answers one request: the route, the method, the path parameters and the operation. */
export function routeRequest(
  request: {
    method: string;
    path: string;
    query: Readonly<Record<string, string>>;
    body: RequestBody;
  },
  api: Api,
): MockAnswer {
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
  const { query, body } = request;
  return operation.handle({ params, query, body, now: Date.now() }, api);
}
