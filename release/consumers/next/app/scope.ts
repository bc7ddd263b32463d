/** The name both the server's client and the browser's give the API they reach, for the cache. */
export const cacheScope = "prep";
