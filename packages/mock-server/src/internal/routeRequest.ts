import { type ConnectionResponse, WORKSPACE_ID_MAX_LENGTH } from "@wdata-prep/core";
import { checkBearer } from "./checkBearer.ts";
import { errorAnswer } from "./errorAnswer.ts";
import type { MockAnswer } from "./MockAnswer.ts";
import type { ResolvedOptions } from "./ResolvedOptions.ts";

const connectionPath = /^\/api\/v1\/connections\/([^/]+)$/;

/**
 * Answers one request the way the spec describes `getConnection`: the bearer token first, then
 * the route, the method, the parameters and the connection itself.
 */
export function routeRequest(
  request: {
    method: string;
    path: string;
    query: Readonly<Record<string, string>>;
    authorization: string | undefined;
  },
  options: Pick<ResolvedOptions, "token" | "connections">,
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

  const encodedId = connectionPath.exec(request.path)?.[1];
  if (encodedId === undefined) {
    return errorAnswer(404, `No route for ${request.method} ${request.path}`);
  }
  if (request.method !== "GET") {
    return errorAnswer(405, `Method ${request.method} is not allowed on ${request.path}; use GET`, {
      headers: { allow: "GET" },
    });
  }

  let connectionId: string;
  try {
    connectionId = decodeURIComponent(encodedId);
  } catch {
    const message = `The connection ID "${encodedId}" is not valid percent-encoding`;
    return errorAnswer(400, message, {
      details: [{ code: "invalid_parameter", message, target: "connectionId" }],
    });
  }

  const workspaceId = request.query.workspaceId || undefined;
  const workspaceIdLength = workspaceId === undefined ? 0 : [...workspaceId].length;
  // Counted in characters (code points), as JSON Schema counts `maxLength`.
  if (workspaceIdLength > WORKSPACE_ID_MAX_LENGTH) {
    const message = `workspaceId must be at most ${WORKSPACE_ID_MAX_LENGTH} characters, got ${workspaceIdLength}`;
    return errorAnswer(400, message, {
      details: [{ code: "invalid_parameter", message, target: "workspaceId" }],
    });
  }

  const connection = options.connections.get(connectionId);
  if (!connection) return errorAnswer(404, `Connection ${connectionId} not found`);
  if (workspaceId !== undefined && connection.workspaceId !== workspaceId) {
    return errorAnswer(404, `Connection ${connectionId} not found in workspace ${workspaceId}`);
  }
  const body: ConnectionResponse = { body: connection, code: 200 };
  return { status: 200, body };
}
