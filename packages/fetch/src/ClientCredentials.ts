/**
 * OAuth2 client credentials, for server-side code only: a client secret must never reach a
 * browser. Browser apps get a token from their own back end, or call the API through a proxy.
 */
export interface ClientCredentials {
  /** The OAuth2 client ID. */
  clientId: string;
  /** The OAuth2 client secret. */
  clientSecret: string;
  /**
   * The token endpoint; plain `http:` only for a loopback address.
   * @default the region's endpoint, such as `"https://api.app.wdesk.com/oauth2/token"`
   */
  tokenUrl?: string;
  /**
   * The scopes to ask for, separated by spaces. The connections endpoints need none.
   * @default undefined (no `scope` parameter)
   */
  scope?: string;
}
