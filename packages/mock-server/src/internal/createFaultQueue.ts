import type { FaultQueue } from "./FaultQueue.ts";
import type { NormalizedFault } from "./NormalizedFault.ts";

/** Creates an empty fault queue. */
export function createFaultQueue(): FaultQueue {
  const queue: { fault: NormalizedFault; remaining: number }[] = [];
  return {
    add(fault) {
      queue.push({ fault, remaining: fault.count });
    },
    take() {
      const head = queue[0];
      if (!head) return undefined;
      head.remaining -= 1;
      if (head.remaining === 0) queue.shift();
      return head.fault;
    },
    clear() {
      queue.length = 0;
    },
  };
}
