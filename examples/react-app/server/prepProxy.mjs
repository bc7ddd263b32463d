/**
 * A Vite plugin that serves `/prep/*` on the app's own origin by forwarding GET requests to the
 * Prep API with a bearer token added on the server side, so the browser never holds credentials.
 * @param {import("./upstreamFromEnv.mjs").PrepUpstream} upstream
 * @returns {import("vite").Plugin}
 */
export function prepProxy(upstream) {
  /** @type {import("vite").Connect.NextHandleFunction} */
  const handle = (req, res) => {
    forward(upstream, req, res).catch(() => {
      if (!res.headersSent) sendError(res, 502, "The Prep API could not be reached.");
      else res.destroy();
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
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  const response = await fetch(upstream.url + (req.url ?? "/"), {
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
