/**
 * The server's message in a response body: the `body` of a Prep error (one message or
 * several); for other JSON, its start; for a body that is not JSON, its content type and first
 * characters.
 */
export function describeBody(body: unknown, headers: Headers): string {
  const { body: message } = Object(body);
  if (typeof body === "string") {
    const start = body ? `starting ${JSON.stringify(body.slice(0, 80))}` : "empty body";
    return `${headers.get("content-type") || "no content type"}, ${start}`;
  }
  if (typeof message === "string") return message;
  if (Array.isArray(message)) return message.join("; ");
  return JSON.stringify(body).slice(0, 200);
}
