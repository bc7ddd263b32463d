export type { MockFault } from "./faults.ts";
export type { PrepMockServerOptions } from "./options.ts";
export type { MockRunOutcome } from "./runs.ts";
export { seedConnections, seedRunOutcomes } from "./seed.ts";
export type { PrepMockServer, RecordedRequest } from "./server.ts";
export { startPrepMockServer } from "./server.ts";
