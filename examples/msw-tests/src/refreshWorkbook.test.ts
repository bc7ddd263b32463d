// The real client, calling the Prep API at its regional URLs, answered in this process by the
// embedded API's MSW handlers: no server listens, and a request they do not answer fails.
import { PREP_SERVERS, type Region } from "@wdata-prep/core";
import {
  AuthenticationError,
  createPrepClient,
  PrepConnectionError,
  RateLimitError,
} from "@wdata-prep/fetch";
import {
  createPrepHandlers,
  type PrepHandlersOptions,
  seedConnections,
  seedRunOutcomes,
} from "@wdata-prep/mock-server/msw";
import { setupServer } from "msw/node";
import { describe, expect, onTestFinished, test } from "vitest";
import { refreshWorkbook } from "./refreshWorkbook.ts";

const token = "test-token";

/** The embedded API's handlers, answering the global fetch until the test finishes. */
function answerWith(options: PrepHandlersOptions = {}) {
  const prep = createPrepHandlers({ token, runDurationMs: 0, ...options });
  const server = setupServer(...prep.handlers);
  server.listen({ onUnhandledRequest: "error" });
  onTestFinished(() => server.close());
  return prep;
}

const q4Close = seedConnections.filter((c) => c.name?.endsWith("→ Q4 close workbook"));
const q4DestinationId = q4Close[0]?.destinationId as string;

/** How the seed says a run of the connection ends, as the client's `runOutcome` names it. */
function expectedRun(connectionId: string) {
  const outcome = seedRunOutcomes[connectionId] ?? { type: "complete" };
  const ends = {
    complete: "complete",
    "source-error": "error",
    "destination-error": "error",
    cancelled: "cancelled",
    unwritable: "cancelled",
  } as const;
  const failed = outcome.type === "source-error" || outcome.type === "destination-error";
  return { outcome: ends[outcome.type], ...(failed && { error: outcome.error }) };
}

describe("refreshWorkbook, on the embedded API's MSW handlers", () => {
  test("refreshes every connection into the workbook as one batch, and says how each ended", async () => {
    const prep = answerWith();
    const client = createPrepClient({ region: "eu", token });

    const runs = await refreshWorkbook(client, q4DestinationId);

    expect(runs).toEqual(
      q4Close.map(({ connectionId, name }) => ({
        connectionId,
        name,
        ...expectedRun(connectionId as string),
      })),
    );
    expect(new Set(runs.map((run) => run.outcome))).toEqual(
      new Set(["complete", "error", "cancelled"]),
    );
    const sent = prep.requests.map(({ method, path, status }) => `${method} ${path} ${status}`);
    expect(sent).toEqual([
      "GET /api/v1/connections 200",
      "POST /api/v1/connections/batch/refresh 200",
      expect.stringMatching(/^GET \/api\/v1\/connections\/batch\/refresh\/[0-9a-f]{32} 200$/),
    ]);
    expect(prep.requests[0]?.query).toEqual({ destinationId: q4DestinationId });
    expect(prep.requests[1]?.query).toEqual({ cancelUnwritables: "true" });
    expect(prep.requests[1]?.headers.authorization).toBe("Bearer [redacted]");
  });

  test.each(Object.keys(PREP_SERVERS) as Region[])(
    "answers a client of the %s region",
    async (region) => {
      answerWith();
      const client = createPrepClient({ region, token });
      const [first] = seedConnections;
      expect(await client.getConnection(first?.connectionId as string)).toEqual(first);
    },
  );

  test("a read answered 503 is retried; a batch whose connection dropped is not sent again", async () => {
    const prep = answerWith();
    const client = createPrepClient({ region: "us", token });
    prep.fault({ type: "unavailable" });
    const runs = await refreshWorkbook(client, q4DestinationId);
    expect(runs).toHaveLength(q4Close.length);
    expect(prep.requests.map((request) => request.status).slice(0, 2)).toEqual([503, 200]);

    prep.reset();
    prep.fault({ type: "drop" });
    const items = q4Close.map(({ connectionId }) => ({ connectionId: connectionId as string }));
    await expect(client.refreshBatch(items)).rejects.toBeInstanceOf(PrepConnectionError);
    expect(prep.requests.map(({ method, status }) => `${method} ${status}`)).toEqual([
      "POST undefined",
    ]);
  });

  test("refuses a client with another token, and one over the rate limit", async () => {
    const prep = answerWith({ rateLimit: { requestsPerSecond: 0.001, burst: 1 } });
    const [first] = seedConnections;
    const id = first?.connectionId as string;
    const stranger = createPrepClient({ region: "us", token: "not-the-token" });
    const refused = await stranger.getConnection(id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(String((refused as Error).message)).not.toContain("not-the-token");

    const client = createPrepClient({ region: "us", token, maxRetries: 0 });
    expect((await client.getConnection(id)).connectionId).toBe(id);
    const limited = await client.getConnection(id).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitError);
    // The API's Retry-After, in whole seconds.
    const { retryAfterMs } = limited as RateLimitError;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect((retryAfterMs as number) % 1000).toBe(0);
    expect(prep.requests.map((request) => request.status)).toEqual([401, 200, 429]);
  });
});
