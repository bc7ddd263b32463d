import type { Connection } from "@wdata-prep/core";

/** Options of `startPrepMockServer`. Every option is validated; bad values throw. */
export interface PrepMockServerOptions {
  /**
   * The TCP port to listen on, from 0 to 65535; `0` picks any free port.
   * @default 0
   */
  port?: number;
  /**
   * The host name or address to listen on.
   * @default "127.0.0.1"
   */
  host?: string;
  /**
   * The only bearer token to accept. When set, a request without `Authorization: Bearer <token>`
   * or with another token is answered `401`. When not set, no token is required.
   * @default undefined
   */
  token?: string;
  /**
   * The connections to serve, each with a distinct `connectionId`. The server keeps a copy:
   * changing them afterwards does not change the server.
   * @default seedConnections
   */
  connections?: readonly Connection[];
  /**
   * A delay in milliseconds before every answer, so clients can time out or abort mid-request.
   * @default 0
   */
  latencyMs?: number;
}
