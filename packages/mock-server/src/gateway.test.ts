// In front of the operations: the rate limit, as a bucket driven by a clock the test holds, then
// over HTTP, where it is counted per token and answered 429 with Retry-After. (The token check
// is tested with the routes.)
import { describe, expect, test } from "vitest";
import { connectionUrl, first, refresh, refreshBatch, transports } from "../test/api.ts";
import { fetchSpecResponse } from "../test/fetchSpecResponse.ts";
import { createRateLimiter } from "./gateway.ts";
import { seedConnections } from "./seed.ts";

describe("createRateLimiter", () => {
  test("lets a burst through at once, then one request per 1/requestsPerSecond", () => {
    const limiter = createRateLimiter({ requestsPerSecond: 2, burst: 3 });
    const at = (now: number, count: number) =>
      Array.from({ length: count }, () => limiter.take("t", now)?.retryAfterSeconds ?? "ok");
    expect(at(0, 4)).toEqual(["ok", "ok", "ok", 1]);
    expect(at(499, 1)).toEqual([1]);
    expect(at(500, 2)).toEqual(["ok", 1]);
    // A long pause refills the bucket up to the burst, no more.
    expect(at(60_000, 4)).toEqual(["ok", "ok", "ok", 1]);
  });

  test("gives Retry-After as the whole seconds until one request is allowed again", () => {
    const slow = createRateLimiter({ requestsPerSecond: 0.25, burst: 1 });
    expect(slow.take("t", 0)).toBeUndefined();
    expect(slow.take("t", 0)).toEqual({ retryAfterSeconds: 4 });
    expect(slow.take("t", 2500)).toEqual({ retryAfterSeconds: 2 });
    expect(slow.take("t", 4000)).toBeUndefined();
  });

  test("counts each key apart, and clear() refills every bucket", () => {
    const limiter = createRateLimiter({ requestsPerSecond: 1, burst: 1 });
    expect(["a", "b", "a", "b", ""].map((key) => limiter.take(key, 0) === undefined)).toEqual([
      true,
      true,
      false,
      false,
      true,
    ]);
    limiter.clear();
    expect(limiter.take("a", 0)).toBeUndefined();
  });

  test("keeps the buckets of the 1,000 tokens used last: an older one starts again full", () => {
    const limiter = createRateLimiter({ requestsPerSecond: 1, burst: 1 });
    expect(limiter.take("old", 0)).toBeUndefined();
    expect(limiter.take("old", 0)).toBeDefined();
    for (let i = 0; i < 999; i++) limiter.take(`token-${i}`, 0);
    expect(limiter.take("old", 0)).toBeDefined();
    for (let i = 999; i < 2000; i++) limiter.take(`token-${i}`, 0);
    expect(limiter.take("old", 0)).toBeUndefined();
  });
});

/** So slow a refill that no request of a test gets a token back: only the burst counts. */
const slowly = 0.001;
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe.each(transports)("rateLimit, over $name", ({ start }) => {
  test("answers requests over the burst 429 with Retry-After, recorded as such", async () => {
    const server = await start({ rateLimit: { requestsPerSecond: slowly, burst: 3 } });
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(await fetchSpecResponse(connectionUrl(server, first.connectionId)));
    }
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429, 429]);
    const limited = answers[3];
    // About 1,000 s (one request at 0.001 per second), less the seconds since the burst began:
    // createRateLimiter's tests hold the exact count to a clock.
    const retryAfter = limited?.headers.get("retry-after") ?? "";
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(limited?.body).toEqual({
      body: `Rate limit exceeded: each token may send 0.001 requests per second, 3 at once; retry after ${retryAfter} s`,
      code: 429,
    });
    expect(server.requests.map((request) => request.status)).toEqual([200, 200, 200, 429, 429]);
  });

  test("counts per bearer token; requests without one share a count", async () => {
    const server = await start({ rateLimit: { requestsPerSecond: slowly, burst: 2 } });
    const url = connectionUrl(server, first.connectionId);
    const statuses: Record<string, number[]> = { a: [], b: [], none: [] };
    for (let i = 0; i < 3; i++) {
      statuses.a?.push((await fetchSpecResponse(url, bearer("token-a"))).status);
      statuses.b?.push((await fetchSpecResponse(url, bearer("token-b"))).status);
      statuses.none?.push((await fetchSpecResponse(url)).status);
    }
    expect(statuses).toEqual({ a: [200, 200, 429], b: [200, 200, 429], none: [200, 200, 429] });
  });

  test("does not count a request refused 401, nor one a fault answers", async () => {
    const server = await start({
      token: "s3cret-token",
      rateLimit: { requestsPerSecond: slowly, burst: 2 },
    });
    const url = connectionUrl(server, first.connectionId);
    server.fault({ type: "unavailable", count: 2 });
    const statuses: number[] = [];
    const sent: Record<string, string>[] = [{}, {}, {}, {}, { authorization: "Bearer wrong" }];
    for (const headers of sent) {
      statuses.push((await fetchSpecResponse(url, { headers })).status);
    }
    for (let i = 0; i < 3; i++) {
      statuses.push((await fetchSpecResponse(url, bearer("s3cret-token"))).status);
    }
    expect(statuses).toEqual([503, 503, 401, 401, 401, 200, 200, 429]);
  });

  test("a refresh or a batch over the limit starts nothing; one under it runs as without a limit", async () => {
    const server = await start({
      runDurationMs: 0,
      rateLimit: { requestsPerSecond: slowly, burst: 1 },
    });
    const batchable = seedConnections.filter((c) => c.name?.endsWith("→ ESG metrics workbook"));
    const batch = batchable.map(({ connectionId }) => ({ connectionId }));
    const started = await refresh(server, first.connectionId);
    expect(started.status).toBe(200);
    expect((await refresh(server, first.connectionId)).status).toBe(429);
    expect((await refreshBatch(server, batch)).status).toBe(429);

    // Other tokens have counts of their own: they see that the refused requests started nothing.
    const latest = await fetchSpecResponse(
      `${connectionUrl(server, first.connectionId)}/status`,
      bearer("reader"),
    );
    expect(latest.body.body.jobId).toBe(started.body.body.jobId);
    const batched = await fetchSpecResponse(`${server.url}/api/v1/connections/batch/refresh`, {
      method: "POST",
      headers: { authorization: "Bearer batcher", "content-type": "application/json" },
      body: JSON.stringify(batch),
    });
    expect(batched.status).toBe(200);
    expect(batched.body.body.childRefreshes).toHaveLength(batchable.length);
    expect(server.requests.map((request) => request.status)).toEqual([200, 429, 429, 200, 200]);
  });

  test("reset() gives every token its whole burst again", async () => {
    const server = await start({ rateLimit: { requestsPerSecond: slowly, burst: 1 } });
    const url = connectionUrl(server, first.connectionId);
    expect((await fetchSpecResponse(url)).status).toBe(200);
    expect((await fetchSpecResponse(url)).status).toBe(429);
    server.reset();
    expect((await fetchSpecResponse(url)).status).toBe(200);
  });
});
