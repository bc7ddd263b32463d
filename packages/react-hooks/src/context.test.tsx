import { renderHook } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { clientFor, providers } from "../test/harness.tsx";
import { PrepClientProvider, usePrepClient } from "./context.tsx";

describe("PrepClientProvider and usePrepClient", () => {
  test("usePrepClient returns the client of the nearest provider", () => {
    const outer = clientFor("http://127.0.0.1:1");
    const inner = clientFor("http://127.0.0.1:2");
    const { wrapper: Outer } = providers(outer);
    const { result } = renderHook(() => usePrepClient(), {
      wrapper: ({ children }) => (
        <Outer>
          <PrepClientProvider client={inner}>{children}</PrepClientProvider>
        </Outer>
      ),
    });
    expect(result.current).toBe(inner);
  });

  test("without a PrepClientProvider it says which provider is missing", () => {
    expect(() => renderHook(() => usePrepClient())).toThrow(/<PrepClientProvider/);
  });
});
