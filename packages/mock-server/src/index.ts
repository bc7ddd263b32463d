export type { MockFault } from "./MockFault.ts";
export type { PrepMockServer } from "./PrepMockServer.ts";
export type { PrepMockServerOptions } from "./PrepMockServerOptions.ts";
export type { RecordedRequest } from "./RecordedRequest.ts";
export { seedConnections } from "./seedConnections.ts";
export { startPrepMockServer } from "./startPrepMockServer.ts";
