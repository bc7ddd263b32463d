/** Gives access tokens from OAuth2 client credentials; made by `createTokenProvider`. */
export interface TokenProvider {
  /**
   * Resolves to a valid access token: the cached one until 60 s before it expires, else a new
   * one. Concurrent calls share one token request.
   */
  getToken(): Promise<string>;
  /** Forgets the cached token, so the next `getToken()` requests a new one. */
  invalidate(): void;
}
