// This file is generated from spec/openapi.yaml by `pnpm generate`. Do not edit it by hand.

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
