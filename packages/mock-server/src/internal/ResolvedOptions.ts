import type { Connection } from "@wdata-prep/core";

/** `PrepMockServerOptions` after validation, with defaults applied and connections copied. */
export interface ResolvedOptions {
  port: number;
  host: string;
  token: string | undefined;
  connections: ReadonlyMap<string, Connection>;
  latencyMs: number;
}
