/**
 * The server's message in a response body: the `body` of a Prep error (one message or
 * several), the `error` and `error_description` of an OAuth error; for a body that is not JSON,
 * its content type and first characters.
 */
export function describeBody(body: unknown, headers: Headers): string {
  const { body: message, error, error_description: description } = Object(body);
  if (typeof body === "string") {
    const start = body ? `starting ${JSON.stringify(body.slice(0, 80))}` : "empty body";
    return `${headers.get("content-type") || "no content type"}, ${start}`;
  }
  if (typeof message === "string") return message;
  if (Array.isArray(message)) return message.join("; ");
  if (typeof error === "string") return description ? `${error}: ${description}` : error;
  return JSON.stringify(body).slice(0, 200);
}
