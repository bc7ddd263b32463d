// App code of the kind a team writes on @wdata-prep/fetch: refresh every connection that writes
// into one workbook, as one batch, and say how each run ended. refreshWorkbook.test.ts tests it
// against the embedded Prep API's MSW handlers, with no server and no network.
import { PrepBatchError, type PrepClient, runOutcome } from "@wdata-prep/fetch";

/** How the run of one connection into the workbook ended. */
export interface WorkbookRun {
  connectionId: string;
  name: string | undefined;
  outcome: ReturnType<typeof runOutcome>;
  /** Why it failed, as the API says. */
  error?: string;
}

type Batch = Awaited<ReturnType<PrepClient["refreshBatchAndWait"]>>;

/**
 * Refreshes every connection that writes into `destinationId` as one batch, cancelling those
 * whose destination is locked instead of refusing the whole batch, waits until every run is
 * finished, and resolves with one `WorkbookRun` per connection. A failed run is a result, not an
 * error; anything else (the API refusing the batch, the network) rejects.
 */
export async function refreshWorkbook(
  prep: PrepClient,
  destinationId: string,
): Promise<WorkbookRun[]> {
  const names = new Map<string, string | undefined>();
  for await (const connection of prep.listConnections({ destinationId })) {
    if (connection.connectionId) names.set(connection.connectionId, connection.name);
  }
  if (names.size === 0) return [];
  const items = [...names.keys()].map((connectionId) => ({ connectionId }));
  let batch: Batch;
  try {
    batch = await prep.refreshBatchAndWait(items, { cancelUnwritables: true });
  } catch (error) {
    if (!(error instanceof PrepBatchError)) throw error;
    batch = error.batch;
  }
  return (batch.childRefreshes ?? []).map((run) => {
    const connectionId = run.connectionId as string;
    const result: WorkbookRun = {
      connectionId,
      name: names.get(connectionId),
      outcome: runOutcome(run),
    };
    if (run.error) result.error = run.error;
    return result;
  });
}
