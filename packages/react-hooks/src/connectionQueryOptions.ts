import { queryOptions } from "@tanstack/react-query";
import type { Connection } from "@wdata-prep/core";
import type { PrepClient, PrepError } from "@wdata-prep/fetch";
import type { ConnectionRequestOptions } from "./ConnectionRequestOptions.ts";
import { prepKeys } from "./prepKeys.ts";

/**
 * How long fetched connection details count as fresh, so data prefetched on a server or in a
 * loader is not fetched again when a component mounts.
 */
const DEFAULT_STALE_TIME_MS = 60_000;

/**
 * TanStack Query options for one connection's details (`timeoutMs` and `maxRetries`, when given,
 * override the client's for these requests). They work with `useQuery`,
 * `useSuspenseQuery`, `queryClient.prefetchQuery` and `ensureQueryData`, also on a server with
 * no React. Spread them to override a default: `{ ...connectionQueryOptions(…), staleTime: 0 }`.
 *
 * Defaults: `staleTime` 60 s; `retry: false`, because the client already retries what is worth
 * retrying (a 404 makes one HTTP request, a persistent 503 at most `1 + maxRetries`).
 */
export function connectionQueryOptions(
  client: PrepClient,
  connectionId: string,
  { workspaceId, timeoutMs, maxRetries }: ConnectionRequestOptions = {},
) {
  return queryOptions<Connection, PrepError, Connection, ReturnType<typeof prepKeys.connection>>({
    queryKey: prepKeys.connection(connectionId, { workspaceId }),
    queryFn: ({ signal }) =>
      client.getConnection(connectionId, { workspaceId, timeoutMs, maxRetries, signal }),
    staleTime: DEFAULT_STALE_TIME_MS,
    retry: false,
  });
}
