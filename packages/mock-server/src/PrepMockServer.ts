import type { MockFault } from "./MockFault.ts";
import type { RecordedRequest } from "./RecordedRequest.ts";

/** A running mock Wdata Prep API, as resolved by `startPrepMockServer`. */
export interface PrepMockServer {
  /**
   * The base URL to give a client, such as `http://127.0.0.1:54321` (no trailing slash). The API
   * paths hang off it as they do off `https://h.app.wdesk.com/s/wdata/prep`.
   */
  readonly url: string;
  /** Every request received since the start or the last `reset()`, in order of arrival. */
  readonly requests: readonly RecordedRequest[];
  /** Queues a fault that answers the next `fault.count` requests (after any faults queued before it). */
  fault(fault: MockFault): void;
  /** Forgets the recorded requests and drops every queued fault. */
  reset(): void;
  /** Stops the server and ends every open connection, including idle keep-alive ones. Safe to call twice. */
  close(): Promise<void>;
}
