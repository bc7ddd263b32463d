// Request bodies: reading one whole from a fetch `Request`, parsing it as JSON when it is sent as
// JSON, and the copy kept in `requests`, with anything that looks like a credential redacted (the
// one rule of redaction, which the recorded query follows too).

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
 * Reads the whole body of a request. Bytes beyond the limit are read and dropped, so that a
 * connection stays usable. Rejects when the body stops arriving (the client went away).
 */
export async function receiveBody(request: Request): Promise<RequestBody> {
  if (request.body === null) return { kind: "none" };
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = request.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    bytes += read.value.byteLength;
    if (bytes <= maxBodyBytes) chunks.push(read.value);
  }
  if (bytes === 0) return { kind: "none" };
  const invalid = (problem: string): RequestBody => ({ kind: "invalid", problem, bytes });
  if (bytes > maxBodyBytes) return invalid(`is larger than ${maxBodyBytes} bytes`);
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (!mediaType || !(mediaType === "application/json" || mediaType.endsWith("+json"))) {
    return invalid(`is sent as ${mediaType || "no media type"}; send it as application/json`);
  }
  const text = decodeUtf8(chunks, bytes);
  if (nestedDeeperThan(text, maxBodyDepth)) {
    return invalid(`is nested more than ${maxBodyDepth} levels deep`);
  }
  try {
    return { kind: "json", value: JSON.parse(text), bytes };
  } catch (error) {
    return invalid(`is not valid JSON: ${(error as Error).message}`);
  }
}

/** The text of `bytes` bytes of UTF-8 in chunks; a malformed sequence reads as U+FFFD. */
function decodeUtf8(chunks: readonly Uint8Array[], bytes: number): string {
  const whole = new Uint8Array(bytes);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(whole);
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

/** Names of JSON properties and query parameters whose values are never kept in `requests`. */
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
