// @vitest-environment node
import { QueryClient } from "@tanstack/react-query";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import { NotFoundError } from "@wdata-prep/fetch";
import { seedConnections } from "@wdata-prep/mock-server";
import { describe, expect, test } from "vitest";
import { clientFor, mockServerPerFile } from "../test/harness.tsx";
import { connectionQueryOptions } from "./connection.ts";
import { forClient, prepKeys } from "./keys.ts";

const first = seedConnections[0];
const firstId = first?.connectionId as string;
const mockServer = mockServerPerFile();

describe("connectionQueryOptions, on a server with no React", () => {
  test("carries the key, a staleTime and no retries of its own", () => {
    const client = clientFor(mockServer().url);
    const options = connectionQueryOptions(client, firstId, { workspaceId: "w1" });
    expect(options.queryKey).toEqual(
      forClient(prepKeys.connection(firstId, { workspaceId: "w1" }), client),
    );
    expect(options.staleTime).toBe(60_000);
    expect(options.retry).toBe(false);
  });

  test("ensureQueryData fetches once, then serves the cache while fresh", async () => {
    const queryClient = new QueryClient();
    const options = connectionQueryOptions(clientFor(mockServer().url), firstId);
    expect(await queryClient.ensureQueryData(options)).toEqual(first);
    expect(await queryClient.ensureQueryData(options)).toEqual(first);
    expect(mockServer().requests).toHaveLength(1);
    expect(queryClient.getQueryData(options.queryKey)).toEqual(first);
  });

  test("fetchQuery rejects with the client's error class after one request", async () => {
    const queryClient = new QueryClient();
    const options = connectionQueryOptions(clientFor(mockServer().url), "no-such-connection");
    const error = await rejectsWith(queryClient.fetchQuery(options), NotFoundError);
    expect(error.status).toBe(404);
    expect(mockServer().requests).toHaveLength(1);
  });

  test("a staleTime of 0 overrides the default, so the next read fetches again", async () => {
    const queryClient = new QueryClient();
    const options = {
      ...connectionQueryOptions(clientFor(mockServer().url), firstId),
      staleTime: 0,
    };
    await queryClient.prefetchQuery(options);
    await queryClient.fetchQuery(options);
    expect(mockServer().requests).toHaveLength(2);
  });
});
