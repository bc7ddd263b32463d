import type { NormalizedFault } from "./NormalizedFault.ts";

/** The faults waiting to answer requests, first queued first used. */
export interface FaultQueue {
  /** Queues a fault for its next `count` requests. */
  add(fault: NormalizedFault): void;
  /** Returns the fault that answers the request arriving now, if any, and uses it up once. */
  take(): NormalizedFault | undefined;
  /** Drops every queued fault. */
  clear(): void;
}
