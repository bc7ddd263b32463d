export type { MockFault } from "./faults.ts";
export type { PrepMockServerOptions } from "./options.ts";
export { seedConnections } from "./seed.ts";
export type { PrepMockServer, RecordedRequest } from "./server.ts";
export { startPrepMockServer } from "./server.ts";
