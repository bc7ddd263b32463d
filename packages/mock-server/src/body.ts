// Request bodies: reading one whole, parsing it as JSON when it is sent as JSON, and the copy
// kept in `server.requests`, with anything that looks like a credential redacted (the one rule
// of redaction, which the recorded query follows too).
import type { IncomingMessage } from "node:http";

/** A request body as the routes see it. */
export type RequestBody =
  /** No body, or an empty one. */
  | { kind: "none" }
  /** A body sent as JSON (`application/json` or `…+json`) that parses; `bytes` is its size. */
  | { kind: "json"; value: unknown; bytes: number }
  /**
   * A body that is not JSON, or not sent as JSON, or too large; `problem` completes
   * "The body …", and `bytes` is its size as received.
   */
  | { kind: "invalid"; problem: string; bytes: number };

/** The largest body the server reads: a batch of 100 runs with parameters fits many times over. */
const maxBodyBytes = 1024 * 1024;

/**
 * The deepest a JSON body may be nested, as common JSON parsers allow by default: a
 * `RefreshConnection` nests a few levels. Deeper bodies are refused before they are parsed, so
 * nothing the server does with a body (copying it for `requests`, sending parameters back in a
 * run) can exhaust the call stack.
 */
const maxBodyDepth = 1000;

/**
 * Reads the whole body of a request. Resolves once it has arrived; never, if the client goes
 * away first. Bytes beyond the limit are read and dropped, so the connection stays usable.
 */
export function receiveBody(request: IncomingMessage): Promise<RequestBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    request.on("end", () => {
      resolve(parseBody(Buffer.concat(chunks), size, request.headers["content-type"]));
    });
  });
}

function parseBody(raw: Buffer, bytes: number, contentType: string | undefined): RequestBody {
  if (bytes === 0) return { kind: "none" };
  const invalid = (problem: string): RequestBody => ({ kind: "invalid", problem, bytes });
  if (bytes > maxBodyBytes) return invalid(`is larger than ${maxBodyBytes} bytes`);
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  if (!mediaType || !(mediaType === "application/json" || mediaType.endsWith("+json"))) {
    return invalid(`is sent as ${mediaType || "no media type"}; send it as application/json`);
  }
  const text = raw.toString("utf8");
  if (nestedDeeperThan(text, maxBodyDepth)) {
    return invalid(`is nested more than ${maxBodyDepth} levels deep`);
  }
  try {
    return { kind: "json", value: JSON.parse(text), bytes };
  } catch (error) {
    return invalid(`is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Whether the arrays and objects of a JSON text nest deeper than `depth`, counting the brackets
 * outside strings in one pass (the text need not be valid JSON).
 */
function nestedDeeperThan(text: string, depth: number): boolean {
  let level = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "[" || char === "{") {
      level++;
      if (level > depth) return true;
    } else if (char === "]" || char === "}") level--;
  }
  return false;
}

/** Names of JSON properties and query parameters whose values are never kept in `server.requests`. */
const credentialName = /secret|password|token|authorization|credential|api[-_]?key/i;

/**
 * The body as `requests` keeps it: the parsed JSON with the value of every property whose name
 * looks like a credential replaced by `"[redacted]"`, at any depth; `undefined` for a request
 * without a JSON body, or whose body is larger than `maxBytes`.
 */
export function recordedBody(body: RequestBody, maxBytes: number): unknown {
  return body.kind === "json" && body.bytes <= maxBytes ? redactCredentials(body.value) : undefined;
}

/**
 * `value` with the value of every property whose name looks like a credential replaced by
 * `"[redacted]"`, at any depth: a body, or the parameters of a query.
 */
export function redactCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactCredentials);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, inner]) => [
      name,
      credentialName.test(name) ? "[redacted]" : redactCredentials(inner),
    ]),
  );
}
