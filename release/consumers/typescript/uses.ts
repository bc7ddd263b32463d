// What a TypeScript project writes with the packages, type-checked under each module resolution
// (tsconfig.*.json). The @ts-expect-error lines prove the types are not `any`: each is an error
// only while the types hold.
import { QueryClient, useQuery } from "@tanstack/react-query";
import { type Connection, PREP_SERVERS, type Region, type RunStatus } from "@wdata-prep/core";
import {
  createPrepClient,
  isPrepError,
  NotFoundError,
  type PrepClient,
  type PrepClientOptions,
} from "@wdata-prep/fetch";
import { type PrepMockServer, seedConnections, startPrepMockServer } from "@wdata-prep/mock-server";
import {
  connectionQueryOptions,
  connectionsInfiniteQueryOptions,
  useConnection,
  useRefreshConnection,
} from "@wdata-prep/react-hooks";

const region: Region = "eu";
const options: PrepClientOptions = { region, token: "a token from your back end" };
export const prep: PrepClient = createPrepClient(options);
export const euServer: string = PREP_SERVERS[region];

// @ts-expect-error "mars" is not a Region
export const wrongRegion: Region = "mars";

export async function names(destinationId: string): Promise<string[]> {
  const found: string[] = [];
  for await (const connection of prep.listConnections({
    destinationType: "spreadsheet",
    destinationId,
  })) {
    found.push(connection.name ?? "(unnamed)");
  }
  return found;
}

export async function refresh(connectionId: string): Promise<RunStatus | "missing"> {
  try {
    const run = await prep.refreshAndWait(connectionId);
    return run.sourceStatus ?? "missing";
  } catch (error) {
    if (error instanceof NotFoundError) return "missing";
    if (isPrepError(error)) throw new Error(`Prep API: ${error.message}`);
    throw error;
  }
}

const queryClient = new QueryClient();

export async function prefetch(connectionId: string): Promise<Connection> {
  await queryClient.prefetchQuery(connectionQueryOptions(prep, connectionId));
  await queryClient.ensureQueryData(connectionQueryOptions(prep, connectionId));
  await queryClient.prefetchInfiniteQuery(connectionsInfiniteQueryOptions(prep, { limit: 10 }));
  return queryClient.fetchQuery(connectionQueryOptions(prep, connectionId));
}

export function notANumber(connectionId: string): Promise<number> {
  // @ts-expect-error a Connection is not a number: the query options have not become `any`
  return queryClient.fetchQuery(connectionQueryOptions(prep, connectionId));
}

export function useNames(connectionId: string): (string | undefined)[] {
  const viaOptions = useQuery(connectionQueryOptions(prep, connectionId)).data?.name;
  const viaHook = useConnection(connectionId).data?.name;
  const refresh = useRefreshConnection();
  return [viaOptions, viaHook, refresh.data?.jobId];
}

export async function embedded(): Promise<string | undefined> {
  const server: PrepMockServer = await startPrepMockServer({ runDurationMs: 0 });
  await server.close();
  return seedConnections[0]?.connectionId;
}
