// This file is generated from spec/openapi.yaml by `pnpm generate`. Do not edit it by hand.

import type { components } from "./openapi.ts";

/** A region of the Prep API, from the `x-region` of each server in the spec. */
export type Region = "us" | "eu" | "apac";

/** The Prep API base URL of each region (the spec's `servers`). */
export const PREP_SERVERS: Record<Region, string> = {
  us: "https://h.app.wdesk.com/s/wdata/prep",
  eu: "https://h.eu.wdesk.com/s/wdata/prep",
  apac: "https://h.apac.wdesk.com/s/wdata/prep",
};

/** The OAuth2 client-credentials token URL of each region (each server's `x-token-url`). */
export const PREP_TOKEN_URLS: Record<Region, string> = {
  us: "https://api.app.wdesk.com/oauth2/token",
  eu: "https://api.eu.wdesk.com/oauth2/token",
  apac: "https://api.apac.wdesk.com/oauth2/token",
};

/** The longest `workspaceId` the API accepts (its `maxLength` in the spec). */
export const WORKSPACE_ID_MAX_LENGTH = 40;

/**
 * The run statuses after which a side of a run changes no more (the `x-terminal` list of
 * `RunStatus` in the spec). A status not in this list, including one the API adds later,
 * counts as not terminal.
 */
export const TERMINAL_RUN_STATUSES: readonly components["schemas"]["RunStatus"][] = [
  "complete",
  "error",
  "cancelled",
];

/** The smallest `limit` of `listConnections` (its `minimum` in the spec). */
export const LIST_CONNECTIONS_LIMIT_MIN = 1;

/** The largest `limit` of `listConnections` (its `maximum` in the spec). */
export const LIST_CONNECTIONS_LIMIT_MAX = 1000;

/** The `limit` of `listConnections` when none is sent (its `default` in the spec). */
export const LIST_CONNECTIONS_LIMIT_DEFAULT = 1000;

/**
 * Every `sourceType` that `listConnections` filters by, in the order of the spec (the
 * `SourceTypeFilter` enum). The API may add values.
 */
export const SOURCE_TYPE_FILTERS = [
  "spreadsheet",
  "spreadsheet_section",
  "presentation",
  "presentation_chart",
  "presentation_embedded_table",
  "document",
  "document_chart",
  "document_embedded_table",
  "wdata_query",
  "wdata_table",
  "wdata_table_dataset",
  "report",
  "esg_program",
] as const satisfies readonly components["schemas"]["SourceTypeFilter"][];

/**
 * Every `destinationType` that `listConnections` filters by, in the order of the spec (the
 * `DestinationTypeFilter` enum). The API may add values.
 */
export const DESTINATION_TYPE_FILTERS = [
  "spreadsheet",
  "spreadsheet_section",
  "presentation",
  "presentation_chart",
  "presentation_embedded_table",
  "document",
  "document_chart",
  "document_embedded_table",
  "wdata_query",
  "wdata_table",
  "wdata_table_dataset",
  "report",
] as const satisfies readonly components["schemas"]["DestinationTypeFilter"][];

/** The fewest connections one `refreshBatch` request may run (its body's `minItems` in the spec). */
export const REFRESH_BATCH_MIN_ITEMS = 1;

/** The most connections one `refreshBatch` request may run (its body's `maxItems` in the spec). */
export const REFRESH_BATCH_MAX_ITEMS = 100;
