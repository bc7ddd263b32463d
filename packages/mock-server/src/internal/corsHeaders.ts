/**
 * Sent with every answer so that a web page on another origin (a dev server, a demo) can call
 * the mock server and read the headers clients rely on.
 */
export const corsHeaders: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "retry-after, x-request-id",
};
