import { expectTypeOf, test } from "vitest";
import { createPrepClient, createTokenProvider, type TokenProviderOptions } from "./index.ts";

test("a token provider resolves to a string, stops on a signal, and can feed a client", () => {
  const tokens = createTokenProvider({ clientId: "i", clientSecret: "s" }, { region: "apac" });
  expectTypeOf(tokens.getToken()).resolves.toEqualTypeOf<string>();
  expectTypeOf(tokens.getToken).parameter(0).toEqualTypeOf<AbortSignal | undefined>();
  expectTypeOf(tokens.invalidate()).toBeVoid();
  // A server that gets its tokens elsewhere first can still hand them to a client.
  createPrepClient({ token: () => tokens.getToken() });
});

test("TokenProviderOptions, from the package's index, types the options of createTokenProvider", () => {
  const options: TokenProviderOptions = {
    region: "eu",
    fetch: globalThis.fetch,
    timeoutMs: 5_000,
    maxRetries: 0,
  };
  createTokenProvider({ clientId: "i", clientSecret: "s" }, options);
  expectTypeOf(createTokenProvider).parameter(1).toEqualTypeOf<TokenProviderOptions | undefined>();
});

test("createTokenProvider refuses incomplete credentials and unknown options", () => {
  // @ts-expect-error the secret is required
  createTokenProvider({ clientId: "i" });
  // @ts-expect-error no `realm` option
  createTokenProvider({ clientId: "i", clientSecret: "s" }, { realm: "eu" });
  // @ts-expect-error not a region
  createTokenProvider({ clientId: "i", clientSecret: "s" }, { region: "mars" });
});
