import { render, screen } from "@testing-library/react";
import { seedConnections } from "@wdata-prep/mock-server";
import { Component, type ReactNode, Suspense } from "react";
import { describe, expect, test } from "vitest";
import { clientFor, mockServerPerFile, providers } from "../test/harness.tsx";
import { useSuspenseConnection } from "./useSuspenseConnection.ts";

const first = seedConnections[0];
const mockServer = mockServerPerFile();

class ErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? <p>failed: {this.state.error.name}</p> : this.props.children;
  }
}

function ConnectionName({ id }: { id: string }) {
  const { data } = useSuspenseConnection(id);
  return <h1>{data.name}</h1>;
}

describe("useSuspenseConnection", () => {
  test("suspends, then renders the connection", async () => {
    const { wrapper } = providers(clientFor(mockServer().url));
    render(
      <Suspense fallback={<p>loading</p>}>
        <ConnectionName id={first?.connectionId as string} />
      </Suspense>,
      { wrapper },
    );
    expect(screen.getByText("loading")).toBeTruthy();
    expect(await screen.findByRole("heading")).toHaveProperty("textContent", first?.name);
  });

  test("sends an API error to the nearest error boundary", async () => {
    const { wrapper } = providers(clientFor(mockServer().url));
    render(
      <ErrorBoundary>
        <Suspense fallback={<p>loading</p>}>
          <ConnectionName id="no-such-connection" />
        </Suspense>
      </ErrorBoundary>,
      { wrapper },
    );
    expect(await screen.findByText("failed: NotFoundError")).toBeTruthy();
  });
});
