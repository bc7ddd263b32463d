import { AuthenticationError, PrepConnectionTimeoutError } from "@wdata-prep/fetch";

/**
 * One operation the proxy forwards: its method, its path in the spec, and the query parameters
 * the spec documents for it. The proxy forwards nothing else, so the token it adds can reach no
 * other path or parameter of the upstream host (the proxy's tests compare this list with the spec).
 * @typedef {object} ForwardedOperation
 * @property {"GET" | "POST"} method
 * @property {keyof import("@wdata-prep/core").paths} path
 * @property {readonly string[]} query
 */

/**
 * The six operations of the connections family. A path is tried in this order, so the batch
 * paths come before the paths that take a connection ID in the same place.
 * @type {readonly ForwardedOperation[]}
 */
export const forwardedOperations = [
  {
    method: "GET",
    path: "/api/v1/connections",
    query: [
      "sourceType",
      "destinationType",
      "sourceId",
      "destinationId",
      "cursor",
      "limit",
      "offset",
    ],
  },
  { method: "POST", path: "/api/v1/connections/batch/refresh", query: ["cancelUnwritables"] },
  { method: "GET", path: "/api/v1/connections/batch/refresh/{batchId}", query: ["workspaceId"] },
  { method: "GET", path: "/api/v1/connections/{connectionId}", query: ["workspaceId"] },
  { method: "POST", path: "/api/v1/connections/{connectionId}/refresh", query: [] },
  {
    method: "GET",
    path: "/api/v1/connections/{connectionId}/status",
    query: ["jobId", "workspaceId"],
  },
];

/**
 * The largest request body the proxy reads, in bytes: far more than a batch of 100 refreshes
 * needs. A larger one is answered 413 as soon as it is declared or has arrived, unread beyond.
 */
export const maxBodyBytes = 1024 * 1024;

/**
 * The path of each forwarded operation as a pattern, in the table's order, made once: each path
 * parameter is one segment, captured under its name.
 */
const pathPatterns = new Map(
  forwardedOperations.map(({ path }) => [
    path,
    new RegExp(`^${path.replace(/\{(\w+)\}/g, "(?<$1>[^/]*)")}$`),
  ]),
);

/**
 * A Vite plugin that serves the operations of `forwardedOperations` under `/prep` on the app's
 * own origin, forwarding them through `upstream.client` — which adds the bearer token on the
 * server side, so the browser never holds credentials, and never follows a redirect.
 * @param {import("./upstream.mjs").PrepUpstream} upstream
 * @returns {import("vite").Plugin}
 */
export function prepProxy({ client }) {
  /** @type {import("vite").Connect.NextHandleFunction} */
  const handle = (req, res) => {
    forward(client, req, res).catch((error) => {
      if (res.headersSent) res.destroy();
      else if (error instanceof AuthenticationError) {
        const reason = error.oauthError ?? `status ${error.status}`;
        sendError(res, 401, `The app's server could not get a token (${reason}).`);
      } else if (error instanceof PrepConnectionTimeoutError) {
        sendError(res, 504, "The Prep API did not answer in time.");
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
 * The forwarded operations on the path a request names, with its path parameters decoded, or
 * `undefined`. A parameter is one whole segment: empty, `.` and `..` are refused. Paths are
 * tried in the table's order.
 * @param {string} pathname
 * @returns {{ operations: ForwardedOperation[], params: Record<string, string> } | undefined}
 */
function matchPath(pathname) {
  for (const [path, pattern] of pathPatterns) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    /** @type {Record<string, string>} */
    const params = {};
    for (const [name, segment] of Object.entries(match.groups ?? {})) {
      const value = decodeSegment(segment);
      if (value === undefined) return undefined;
      params[name] = value;
    }
    return { operations: forwardedOperations.filter((other) => other.path === path), params };
  }
}

/** @param {string} segment */
function decodeSegment(segment) {
  try {
    const value = decodeURIComponent(segment);
    return value === "" || value === "." || value === ".." ? undefined : value;
  } catch {
    return undefined;
  }
}

/**
 * @param {import("@wdata-prep/fetch").PrepClient} client
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 */
async function forward(client, req, res) {
  const url = new URL(req.url ?? "/", "http://app.invalid");
  const matched = matchPath(url.pathname);
  if (!matched) {
    sendError(res, 404, "The app's proxy forwards only the documented connections operations.");
    return;
  }
  const operation = matched.operations.find((candidate) => candidate.method === req.method);
  if (!operation) {
    res.setHeader("allow", matched.operations.map((candidate) => candidate.method).join(", "));
    sendError(res, 405, `The app's proxy does not forward ${req.method} here.`);
    return;
  }
  /** @type {Record<string, string>} */
  const query = {};
  for (const name of operation.query) {
    const value = url.searchParams.get(name);
    if (value !== null) query[name] = value;
  }
  let body;
  if (operation.method === "POST") {
    const read = await readJson(req);
    if ("refused" in read) {
      sendError(res, read.refused, read.message);
      return;
    }
    body = read.body;
  }
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  // The table holds the spec's own paths and methods; openapi-fetch types each one, which a
  // table walked at run time cannot name, so the request is typed as the client's raw calls.
  const request =
    /** @type {(method: string, path: string, init: object) => ReturnType<typeof client.raw.GET>} */ (
      client.raw.request
    );
  const { data, error, response } = await request(operation.method.toLowerCase(), operation.path, {
    params: { path: matched.params, query },
    body,
    parseAs: "text",
    signal: abort.signal,
  });
  if (response.status >= 300 && response.status < 400) {
    sendError(res, 502, "The Prep API answered with a redirect, which the proxy does not follow.");
    return;
  }
  res.statusCode = response.status;
  for (const name of passedBack) {
    const value = response.headers.get(name);
    if (value !== null) res.setHeader(name, value);
  }
  res.end(bodyText(response.ok ? data : error));
}

/** Why a request body is not forwarded: not JSON. */
const notJson = { refused: 400, message: "The app's proxy forwards only a JSON request body." };

/** Why a request body is not forwarded: larger than `maxBodyBytes`. */
const tooLarge = {
  refused: 413,
  message: `The app's proxy forwards a request body of at most ${maxBodyBytes / 1024 / 1024} MiB.`,
};

/**
 * The request body as JSON, or why it is refused: not sent as JSON or not valid JSON (400), or
 * larger than `maxBodyBytes` (413). A body declared larger is refused before any of it is read,
 * and one that grows larger as soon as it passes the limit; the rest is left unread (see
 * `sendError`).
 * @param {import("node:http").IncomingMessage} req
 * @returns {Promise<{ body: unknown } | typeof notJson | typeof tooLarge>}
 */
function readJson(req) {
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) return Promise.resolve(notJson);
  if (Number(req.headers["content-length"]) > maxBodyBytes) return Promise.resolve(tooLarge);
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    /** @param {Buffer} chunk */
    const onData = (chunk) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
      else {
        req.pause();
        stop();
        resolve(tooLarge);
      }
    };
    const onEnd = () => {
      stop();
      try {
        resolve({ body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      } catch {
        resolve(notJson);
      }
    };
    /** @param {Error} [error] */
    const onFailure = (error) => {
      stop();
      reject(error ?? new Error("The request ended before its body had arrived."));
    };
    const stop = () => {
      req.off("data", onData).off("end", onEnd).off("error", onFailure).off("close", onFailure);
    };
    req.on("data", onData).on("end", onEnd).on("error", onFailure).on("close", onFailure);
  });
}

/**
 * The body openapi-fetch read, as text again: it parses an error body when it is JSON.
 * @param {unknown} body
 */
function bodyText(body) {
  if (body === undefined) return "";
  return typeof body === "string" ? body : JSON.stringify(body);
}

/**
 * Answers in the API's own error shape, a `SingleError`.
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {string} message
 */
function sendError(res, status, message) {
  // A body still on its way is left unread: the connection closes once the answer is sent, where
  // Node would otherwise read the rest of the body, however long, to keep the connection open.
  if (bodyUnread(res.req)) res.setHeader("connection", "close");
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify({ body: message, code: status }));
}

/**
 * Whether the request has a body (a length above 0, or chunks) that has not all arrived.
 * @param {import("node:http").IncomingMessage} req
 */
function bodyUnread(req) {
  const hasBody =
    req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"]) > 0;
  return hasBody && !req.complete;
}
