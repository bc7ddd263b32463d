export type { PrepMockApi } from "./engine.ts";
export type { MockFault } from "./faults.ts";
export type { MockRateLimit } from "./gateway.ts";
export type { PrepMockApiOptions, PrepMockServerOptions } from "./options.ts";
export type { RecordedRequest } from "./requests.ts";
export type { MockRunOutcome } from "./runs.ts";
export { seedConnections, seedRunOutcomes } from "./seed.ts";
export type { PrepMockServer } from "./server.ts";
export { startPrepMockServer } from "./server.ts";
