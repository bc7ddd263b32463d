// The types of @wdata-prep/core that the client's signatures use. The package exports them, so
// that one install is enough, and its modules take them from here, so that the published
// `.d.ts` names each type once, as core does.

export type {
  Connection,
  ConnectionRun,
  ErrorDetail,
  ListConnectionsQuery,
  paths,
  RecordType,
  RefreshBatch,
  RefreshBatchRequest,
  RefreshConnection,
  Region,
  RunStatus,
} from "@wdata-prep/core";
