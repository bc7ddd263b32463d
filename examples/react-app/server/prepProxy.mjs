import { AuthenticationError } from "@wdata-prep/fetch";

/**
 * A Vite plugin that serves `/prep/api/v1/connections/{connectionId}` on the app's own origin by
 * forwarding GET requests to the Prep API with a bearer token added on the server side, so the
 * browser never holds credentials. Nothing else is forwarded: the token must not reach any other
 * path of the upstream host.
 * @param {import("./upstreamFromEnv.mjs").PrepUpstream} upstream
 * @returns {import("vite").Plugin}
 */
export function prepProxy(upstream) {
  /** @type {import("vite").Connect.NextHandleFunction} */
  const handle = (req, res) => {
    forward(upstream, req, res).catch((error) => {
      if (res.headersSent) res.destroy();
      else if (error instanceof AuthenticationError) {
        const reason = error.oauthError ?? `status ${error.status}`;
        sendError(res, 401, `The app's server could not get a token (${reason}).`);
      } else sendError(res, 502, "The Prep API could not be reached.");
    });
  };
  return {
    name: "wdata-prep-proxy",
    configureServer: (server) => {
      server.middlewares.use("/prep", handle);
    },
    configurePreviewServer: (server) => {
      server.middlewares.use("/prep", handle);
    },
  };
}

const passedBack = ["content-type", "retry-after", "retry-after-ms", "x-request-id"];

/**
 * The upstream path for a request path under `/prep`, or `undefined` unless it is exactly
 * `/api/v1/connections/{one segment}` (dot segments refused, the ID re-encoded).
 * @param {string} path
 */
function connectionPath(path) {
  const [empty, api, v1, connections, id, ...rest] = path.split("/");
  if (empty !== "" || api !== "api" || v1 !== "v1" || connections !== "connections") return;
  if (id === undefined || rest.length > 0) return;
  let decoded;
  try {
    decoded = decodeURIComponent(id);
  } catch {
    return;
  }
  if (decoded === "" || decoded === "." || decoded === "..") return;
  return `/api/v1/connections/${encodeURIComponent(decoded)}`;
}

/**
 * @param {import("./upstreamFromEnv.mjs").PrepUpstream} upstream
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 */
async function forward(upstream, req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("allow", "GET, HEAD");
    sendError(res, 405, "The app's proxy only forwards GET requests.");
    return;
  }
  const { pathname, search } = new URL(req.url ?? "/", "http://app.invalid");
  const path = connectionPath(pathname);
  if (!path) {
    sendError(res, 404, "The app's proxy only forwards /api/v1/connections/{connectionId}.");
    return;
  }
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  const response = await fetch(upstream.url + path + search, {
    method: req.method,
    headers: { accept: "application/json", authorization: `Bearer ${await upstream.token()}` },
    signal: abort.signal,
  });
  if (response.status === 401) upstream.invalidateToken();
  res.statusCode = response.status;
  for (const name of passedBack) {
    const value = response.headers.get(name);
    if (value !== null) res.setHeader(name, value);
  }
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * Answers in the API's own error shape, a `SingleError`.
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {string} message
 */
function sendError(res, status, message) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify({ body: message, code: status }));
}
