import { expectTypeOf, test } from "vitest";
import { createTokenProvider, type TokenProvider } from "./auth.ts";

test("createTokenProvider returns a TokenProvider that resolves to a string", () => {
  const tokens = createTokenProvider({ clientId: "i", clientSecret: "s" }, { region: "apac" });
  expectTypeOf(tokens).toEqualTypeOf<TokenProvider>();
  expectTypeOf(tokens.getToken()).resolves.toEqualTypeOf<string>();
  expectTypeOf(tokens.invalidate()).toBeVoid();
});

test("createTokenProvider refuses incomplete credentials and unknown options", () => {
  // @ts-expect-error the secret is required
  createTokenProvider({ clientId: "i" });
  // @ts-expect-error no `realm` option
  createTokenProvider({ clientId: "i", clientSecret: "s" }, { realm: "eu" });
  // @ts-expect-error not a region
  createTokenProvider({ clientId: "i", clientSecret: "s" }, { region: "mars" });
});
