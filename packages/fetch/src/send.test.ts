import { getEventListeners } from "node:events";
import { rejectsWith } from "@wdata-prep/checks/rejection";
import { describe, expect, onTestFinished, test, vi } from "vitest";
import { runScript } from "../test/childProcess.ts";
import { envelope, token } from "../test/fixtures.ts";
import { startMockApi } from "../test/mockApi.ts";
import { expectNotBefore, reply, startTestServer } from "../test/startTestServer.ts";
import { createPrepClient } from "./client.ts";
import {
  InternalServerError,
  PrepAbortError,
  PrepApiError,
  PrepConnectionError,
  PrepConnectionTimeoutError,
  PrepError,
  RateLimitError,
} from "./errors.ts";
import type { PrepLogger } from "./log.ts";
import { backoffDelay, createRequestBudget, retryDecision, sleep, untilAborted } from "./send.ts";

/** A network failure of an attempt as undici's fetch reports it: its cause has the `code`. */
function networkFailure(code: string): PrepConnectionError {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
  return new PrepConnectionError(new TypeError("fetch failed", { cause }));
}

describe("retryDecision", () => {
  const now = Date.parse("2026-11-27T12:00:00Z");
  const reset = networkFailure("ECONNRESET");
  const refused = networkFailure("ECONNREFUSED");
  const timedOut = new PrepConnectionTimeoutError(1000);
  /** The policy with the least jitter (`random` 0) unless told, at a fixed `now`. */
  const delay = (
    idempotent: boolean,
    outcome: { status: number; headers?: Record<string, string> } | PrepConnectionError,
    retry: number,
    maxRetries: number,
    random = () => 0,
  ) => {
    const answer =
      outcome instanceof PrepConnectionError
        ? outcome
        : { status: outcome.status, headers: new Headers(outcome.headers) };
    const decision = retryDecision(idempotent, answer, retry, maxRetries, { random, now });
    return "delayMs" in decision ? decision.delayMs : undefined;
  };
  /** Why the policy does not retry, or `undefined` when it does. */
  const reason = (
    idempotent: boolean,
    outcome: { status: number; headers?: Record<string, string> } | PrepConnectionError,
    retry = 0,
    maxRetries = 2,
  ) => {
    const answer =
      outcome instanceof PrepConnectionError
        ? outcome
        : { status: outcome.status, headers: new Headers(outcome.headers) };
    const decision = retryDecision(idempotent, answer, retry, maxRetries, { now });
    return "reason" in decision ? decision.reason : undefined;
  };

  test("says why it does not retry", () => {
    expect(reason(true, { status: 404 })).toBe("404 is final");
    expect(reason(true, { status: 503 }, 2, 2)).toBe("no retry left (maxRetries 2)");
    expect(reason(true, { status: 404 }, 2, 2)).toBe("404 is final");
    expect(reason(false, reset)).toBe(
      "a POST that may have reached the server is never sent twice",
    );
    expect(reason(false, { status: 500 })).toBe(
      "a POST that may have reached the server is never sent twice",
    );
    expect(reason(true, { status: 429, headers: { "retry-after": "120" } })).toBe(
      "the server asks to wait 120000 ms, more than 60000",
    );
    expect(reason(true, { status: 503 })).toBeUndefined();
  });

  test("no retry is left after maxRetries", () => {
    expect(delay(true, reset, 2, 2)).toBeUndefined();
    expect(delay(true, { status: 503 }, 0, 0)).toBeUndefined();
    expect(delay(false, refused, 1, 1)).toBeUndefined();
  });

  test("a request that is safe to send twice is retried after any transient failure", () => {
    expect(delay(true, { status: 503 }, 0, 2)).toBe(500);
    expect(delay(true, reset, 0, 2)).toBe(500);
    expect(delay(true, timedOut, 0, 2)).toBe(500);
    expect(delay(true, refused, 0, 2)).toBe(500);
  });

  test("a POST is retried after a refused connection: nothing of it was sent", () => {
    expect(delay(false, refused, 0, 2)).toBe(500);
    expect(delay(false, refused, 1, 2)).toBe(1000);
    // A fetch other than undici's may put the code on the error itself.
    const direct = new PrepConnectionError(
      Object.assign(new Error("refused"), { code: "ECONNREFUSED" }),
    );
    expect(delay(false, direct, 0, 2)).toBe(500);
  });

  test("a POST is never retried once it may have reached the server", () => {
    expect(delay(false, reset, 0, 2)).toBeUndefined();
    expect(delay(false, timedOut, 0, 2)).toBeUndefined();
    expect(
      delay(false, new PrepConnectionError(new TypeError("fetch failed")), 0, 2),
    ).toBeUndefined();
    for (const status of [408, 429, 500, 502, 503, 504]) {
      expect(delay(false, { status }, 0, 2), `${status}`).toBeUndefined();
    }
    for (const status of [408, 500, 502, 504]) {
      const answer = { status, headers: { "retry-after": "1" } };
      expect(delay(false, answer, 0, 2), `${status} with Retry-After`).toBeUndefined();
    }
  });

  test("a POST is retried after a 429 or a 503 that says when to come back, and then only", () => {
    expect(delay(false, { status: 429, headers: { "retry-after": "3" } }, 0, 2)).toBe(3000);
    expect(delay(false, { status: 503, headers: { "retry-after-ms": "20" } }, 0, 2)).toBe(20);
    expect(delay(false, { status: 429, headers: { "retry-after": "61" } }, 0, 2)).toBeUndefined();
    expect(delay(false, { status: 503, headers: { "retry-after": "soon" } }, 0, 2)).toBeUndefined();
  });

  test("a network failure or timeout backs off", () => {
    expect(delay(true, reset, 0, 2)).toBe(500);
    expect(delay(true, timedOut, 1, 2)).toBe(1000);
  });

  test.each([408, 429, 500, 502, 503, 504])("a %i backs off", (status) => {
    expect(delay(true, { status }, 0, 1)).toBe(500);
  });

  test.each([200, 204, 301, 400, 401, 403, 404, 409, 422, 423, 501, 505])(
    "a %i is final",
    (status) => {
      expect(delay(true, { status }, 0, 5)).toBeUndefined();
    },
  );

  test("the server's wait wins over the backoff, up to 60 s", () => {
    const most = () => 1;
    expect(delay(true, { status: 429, headers: { "retry-after": "3" } }, 0, 2, most)).toBe(3000);
    expect(delay(true, { status: 503, headers: { "retry-after-ms": "20" } }, 0, 2, most)).toBe(20);
    expect(delay(true, { status: 429, headers: { "retry-after": "60" } }, 0, 2, most)).toBe(60_000);
    expect(
      delay(true, { status: 429, headers: { "retry-after": "61" } }, 0, 2, most),
    ).toBeUndefined();
  });

  test("an HTTP date in Retry-After is a wait until then", () => {
    const at = (date: string) => ({ status: 503, headers: { "retry-after": date } });
    expect(delay(true, at("Fri, 27 Nov 2026 12:00:30 GMT"), 0, 2)).toBe(30_000);
    expect(delay(true, at("Fri, 27 Nov 2026 11:59:00 GMT"), 0, 2)).toBe(0);
    expect(delay(true, at("Fri, 27 Nov 2026 12:02:00 GMT"), 0, 2)).toBeUndefined();
  });

  test.each(["soon", "1.5", "2s"])(
    "an unreadable Retry-After of %j falls back to the backoff",
    (value) => {
      expect(delay(true, { status: 429, headers: { "retry-after": value } }, 1, 2)).toBe(1000);
    },
  );
});

describe("backoffDelay", () => {
  test("doubles from 0.5 s up to 8 s", () => {
    const delays = [0, 1, 2, 3, 4, 5, 10].map((retry) => backoffDelay(retry, () => 0));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  test("jitter shortens each wait by up to a quarter", () => {
    expect(backoffDelay(0, () => 1)).toBe(375);
    expect(backoffDelay(4, () => 0.5)).toBe(7000);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(1);
      expect(delay).toBeGreaterThan(750);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });
});

describe("retries", () => {
  test("a 503 storm is sent 1 + maxRetries times, with exponential backoff between", async () => {
    const server = await startTestServer((_, res) => reply(res, 503, { body: "busy", code: 503 }));
    const prep = createPrepClient({ baseUrl: server.url, token });

    await expect(prep.getConnection("c1")).rejects.toBeInstanceOf(InternalServerError);

    expect(server.requests).toHaveLength(3);
    const [first, second, third] = server.requests;
    // 0.5 s, then 1 s, each shortened by up to a quarter.
    expectNotBefore(first, second, 375);
    expectNotBefore(second, third, 750);
  });

  test("maxRetries: 0 sends once", async () => {
    const server = await startTestServer((_, res) => reply(res, 503));
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    await expect(prep.getConnection("c1")).rejects.toBeInstanceOf(InternalServerError);

    expect(server.requests).toHaveLength(1);
  });

  test.each([408, 429, 500, 502, 504])("a %i is retried", async (status) => {
    const server = await startTestServer((_, res, i) =>
      i === 0 ? reply(res, status, "", { "retry-after-ms": "0" }) : reply(res, 200, envelope),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    await expect(prep.getConnection("c1")).resolves.toEqual(envelope.body);
    expect(server.requests).toHaveLength(2);
  });

  test.each([400, 401, 403, 404, 409, 422, 423, 501])("a %i is never retried", async (status) => {
    const server = await startTestServer((_, res) =>
      reply(res, status, { body: "no", code: status }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 5 });

    const error = await rejectsWith(prep.getConnection("c1"), PrepApiError);

    expect(error.status).toBe(status);
    expect(server.requests).toHaveLength(1);
  });

  test("retry-after-ms sets the wait", async () => {
    const server = await startTestServer((_, res, i) =>
      i === 0 ? reply(res, 429, "", { "retry-after-ms": "150" }) : reply(res, 200, envelope),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.getConnection("c1");

    const [first, second] = server.requests;
    expectNotBefore(first, second, 150);
  });

  test('an unreadable Retry-After such as "1.5" is not a past date: the retry waits the backoff', async () => {
    const server = await startTestServer((_, res, i) =>
      i === 0 ? reply(res, 503, "", { "retry-after": "1.5" }) : reply(res, 200, envelope),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.getConnection("c1");

    const [first, second] = server.requests;
    // 0.5 s, shortened by up to a quarter.
    expectNotBefore(first, second, 375);
  });

  test("Retry-After in seconds sets the wait", async () => {
    const server = await startTestServer((_, res, i) =>
      i === 0 ? reply(res, 503, "", { "retry-after": "1" }) : reply(res, 200, envelope),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    await prep.getConnection("c1");

    const [first, second] = server.requests;
    expectNotBefore(first, second, 1000);
  });

  test("a wait longer than 60 s fails at once with RateLimitError.retryAfterMs", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 429, { body: "slow down", code: 429 }, { "retry-after": "120" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    // Were the client to wait the 120 s, the test would time out.
    const error = await rejectsWith(prep.getConnection("c1"), RateLimitError);

    expect(error.retryAfterMs).toBe(120_000);
    expect(error.message).toBe("429 slow down");
    expect(server.requests).toHaveLength(1);
  });

  test("a network failure is a PrepConnectionError with the cause", async () => {
    const server = await startTestServer((_, res) => res.socket?.destroy());
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });

    const error = await rejectsWith(prep.getConnection("c1"), PrepConnectionError);

    expect(error).not.toBeInstanceOf(PrepConnectionTimeoutError);
    expect(error.name).toBe("PrepConnectionError");
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  test("network failures are retried, then reported", async () => {
    const server = await startTestServer((_, res) => res.socket?.destroy());
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 1 });

    await expect(prep.getConnection("c1")).rejects.toBeInstanceOf(PrepConnectionError);

    expect(server.requests).toHaveLength(2);
  });
});

describe("time limits and aborts", () => {
  test("an attempt with no answer within timeoutMs times out, and is retried", async () => {
    const server = await startTestServer(() => {});
    // Long enough for each attempt to reach the server even on a busy machine.
    const prep = createPrepClient({ baseUrl: server.url, token, timeoutMs: 400, maxRetries: 1 });

    const error = await rejectsWith(prep.getConnection("c1"), PrepConnectionTimeoutError);

    expect(error).toBeInstanceOf(PrepConnectionError);
    expect(error.name).toBe("PrepConnectionTimeoutError");
    expect(error.message).toBe("The request timed out after 400 ms");
    expect(server.requests).toHaveLength(2);
  });

  test("the time limit covers the body too", async () => {
    const server = await startTestServer((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"body":');
    });
    const statuses: number[] = [];
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      // Long enough for the headers to arrive even on a busy machine.
      timeoutMs: 400,
      maxRetries: 0,
      fetch: async (request) => {
        const response = await fetch(request);
        statuses.push(response.status);
        return response;
      },
    });

    await expect(prep.getConnection("c1")).rejects.toBeInstanceOf(PrepConnectionTimeoutError);
    // The headers came in time: the limit ran out while the body was awaited.
    expect(statuses).toEqual([200]);
  });

  test("the caller's abort mid-flight rejects at once, with no retry", async () => {
    const server = await startTestServer(() => {});
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 2 });
    const controller = new AbortController();
    const reason = new Error("unmounted");

    // No answer comes, and an attempt may last 60 s: only the abort can end the call in time.
    const pending = rejectsWith(
      prep.getConnection("c1", { signal: controller.signal }),
      PrepAbortError,
    );
    await server.received(1);
    controller.abort(reason);
    const error = await pending;

    expect(error.name).toBe("PrepAbortError");
    expect(error.cause).toBe(reason);
    expect(server.requests).toHaveLength(1);
  });

  test("an abort during the wait before a retry rejects at once", async () => {
    const server = await startTestServer((_, res) => reply(res, 503, "", { "retry-after": "30" }));
    let answered: () => void = () => {};
    const firstAnswer = new Promise<void>((resolve) => {
      answered = resolve;
    });
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      // Hands back the answer with its body already read, then says so: from there on, the
      // client only runs its own code until it waits the 30 s.
      fetch: async (request) => {
        const response = await fetch(request);
        const body = await response.text();
        answered();
        return new Response(body, response);
      },
    });
    const controller = new AbortController();

    const pending = rejectsWith(
      prep.getConnection("c1", { signal: controller.signal }),
      PrepAbortError,
    );
    await firstAnswer;
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();

    await pending;
    expect(server.requests).toHaveLength(1);
  });

  test("the caller's own abort handlers still run: the client adds its own, and removes it", async () => {
    const server = await startTestServer((request, res) => {
      if (request.url.endsWith("/c1")) reply(res, 200, envelope);
    });
    const prep = createPrepClient({ baseUrl: server.url, token });
    const controller = new AbortController();
    const heard: string[] = [];
    controller.signal.onabort = () => heard.push("onabort");
    controller.signal.addEventListener("abort", () => heard.push("listener"));

    await prep.getConnection("c1", { signal: controller.signal });
    const pending = rejectsWith(
      prep.getConnection("c2", { signal: controller.signal }),
      PrepAbortError,
    );
    await server.received(2);
    controller.abort();
    await pending;

    expect(heard).toEqual(["onabort", "listener"]);
  });

  test("a long-lived signal holds no listener of the client once each call has ended", async () => {
    const server = await startTestServer((seen, res, index) => {
      if (seen.url === "/oauth2/token") return reply(res, 200, { access_token: token });
      // The first request of each path is refused once, for a wait before its retry.
      reply(res, index === 0 ? 503 : 200, envelope, { "retry-after-ms": "0" });
    });
    const { signal } = new AbortController();
    const listeners = () => getEventListeners(signal, "abort").length;
    const clients = {
      "a fixed token": createPrepClient({ baseUrl: server.url, token }),
      "a token function": createPrepClient({ baseUrl: server.url, token: async () => token }),
      "client credentials": createPrepClient({
        baseUrl: server.url,
        clientCredentials: {
          clientId: "id",
          clientSecret: "secret",
          tokenUrl: `${server.url}/oauth2/token`,
        },
      }),
      "a request budget": createPrepClient({
        baseUrl: server.url,
        token,
        maxRequestsPerSecond: 100,
      }),
    };

    const left: Record<string, number> = {};
    for (const [name, prep] of Object.entries(clients)) {
      // The first call is answered after a retry, the second at once.
      await prep.getConnection(name, { signal });
      await prep.getConnection(name, { signal });
      left[name] = listeners();
    }

    expect(left).toEqual({
      "a fixed token": 0,
      "a token function": 0,
      "client credentials": 0,
      "a request budget": 0,
    });
  });

  test("an already aborted signal sends nothing", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token });

    await expect(prep.getConnection("c1", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      PrepAbortError,
    );

    expect(server.requests).toHaveLength(0);
  });
});

/** Forces a full garbage collection (the tests run with `--expose-gc`), twice across a turn. */
async function collectGarbage(): Promise<void> {
  const { gc } = globalThis as unknown as { gc: () => void };
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

describe("after a garbage collection in flight, the time limit and the abort still work", () => {
  // Node 20's fetch can lose the signal of a Request collected in flight (undici issues 3644
  // and 4068): without the client holding each request until its attempt ends, these hang.

  test("getConnection times out", async () => {
    const server = await startTestServer(() => {});
    const prep = createPrepClient({ baseUrl: server.url, token, timeoutMs: 1000, maxRetries: 0 });

    const pending = rejectsWith(prep.getConnection("c1"), PrepConnectionTimeoutError);
    await server.received(1);
    await collectGarbage();

    await pending;
  });

  test("getConnection times out while the body is awaited", async () => {
    const server = await startTestServer((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"body":');
    });
    let headersArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      headersArrived = resolve;
    });
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      timeoutMs: 1000,
      maxRetries: 0,
      fetch: async (request) => {
        const response = await fetch(request);
        headersArrived();
        return response;
      },
    });

    const pending = rejectsWith(prep.getConnection("c1"), PrepConnectionTimeoutError);
    await arrived;
    await collectGarbage();

    await pending;
  });

  test("a request of the raw client, sent with a custom fetch, times out", async () => {
    const server = await startTestServer(() => {});
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      timeoutMs: 1000,
      maxRetries: 0,
      fetch: (request) => fetch(request),
    });

    const pending = rejectsWith(
      prep.raw.GET("/api/v1/connections/{connectionId}", {
        params: { path: { connectionId: "c1" } },
      }),
      PrepConnectionTimeoutError,
    );
    await server.received(1);
    await collectGarbage();

    await pending;
  });

  test("a request with a client-credentials token times out", async () => {
    const server = await startTestServer((request, res) => {
      if (request.url === "/oauth2/token") reply(res, 200, { access_token: "t1", expires_in: 600 });
    });
    const prep = createPrepClient({
      baseUrl: server.url,
      clientCredentials: {
        clientId: "i",
        clientSecret: "s",
        tokenUrl: `${server.url}/oauth2/token`,
      },
      timeoutMs: 1000,
      maxRetries: 0,
    });

    const pending = rejectsWith(prep.getConnection("c1"), PrepConnectionTimeoutError);
    await server.received(2);
    await collectGarbage();

    await pending;
  });

  test("the caller's abort ends the call", async () => {
    const server = await startTestServer(() => {});
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });
    const controller = new AbortController();

    const pending = rejectsWith(
      prep.getConnection("c1", { signal: controller.signal }),
      PrepAbortError,
    );
    await server.received(1);
    await collectGarbage();
    controller.abort();

    await pending;
  });
});

describe("the first attempt", () => {
  test("waits for no timer: it reaches the server while timers are frozen", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });

    await expect(prep.getConnection("c1")).resolves.toEqual(envelope.body);
    expect(server.requests).toHaveLength(1);
  });

  test("reads the body once, without a copy of the response", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const clones: number[] = [];
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      fetch: async (request) => {
        const response = await fetch(request);
        const clone = response.clone.bind(response);
        response.clone = () => {
          clones.push(1);
          return clone();
        };
        return response;
      },
    });

    await expect(prep.getConnection("c1")).resolves.toEqual(envelope.body);
    expect(clones).toHaveLength(0);
  });
});

describe("an attempt leaves nothing behind", () => {
  // The time limit is the default 60 s: a timer left armed would keep the process alive that
  // long after its last call.
  test.each([
    ["a success", 200],
    ["an error left after the retries", 503],
  ])("after %s the process exits", async (_, status) => {
    const server = await startTestServer((_, res) => reply(res, status, envelope));
    const child = runScript(
      `const client = prep.createPrepClient({ baseUrl: args[0], token: "t", maxRetries: 0 });
      await client.getConnection("c1").then(
        () => console.log("done"),
        (error) => console.log(error.name),
      );`,
      [server.url],
    );

    expect(await child.exitsWithin(10_000)).toBe(true);
    expect(child.output().trim()).toBe(status === 200 ? "done" : "InternalServerError");
    expect(server.requests).toHaveLength(1);
  });
});

describe("untilAborted and sleep", () => {
  test("reject at once with a PrepAbortError for a signal already aborted", async () => {
    const never = new Promise<never>(() => {});

    const error = await rejectsWith(untilAborted(never, AbortSignal.abort("stop")), PrepAbortError);
    await rejectsWith(sleep(2147483647, AbortSignal.abort()), PrepAbortError);

    expect(error.cause).toBe("stop");
  });

  test("an aborted sleep clears its timer", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const controller = new AbortController();

    const slept = rejectsWith(sleep(1000, controller.signal), PrepAbortError);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await slept;

    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("maxRequestsPerSecond: the client's request budget", () => {
  const connectionId = envelope.body.connectionId as string;

  /** A `fetch` that sends with the global one, and notes each request as it leaves. */
  function notingFetch(): { fetch: (request: Request) => Promise<Response>; sent: string[] } {
    const sent: string[] = [];
    return {
      sent,
      fetch: (request) => {
        sent.push(`${request.method} ${new URL(request.url).pathname}`);
        return globalThis.fetch(request);
      },
    };
  }

  /**
   * Stops the clock the budget keeps its turns by (its timers and `performance.now()`) until
   * the test moves it, so that what a test sees depends on the turns, not on the machine's
   * speed. Requests still travel in real time.
   */
  function freezeClock(): void {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
  }

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e-9, "5"])(
    "%s is refused with a PrepError before any request",
    (maxRequestsPerSecond) => {
      expect(() =>
        createPrepClient({ baseUrl: "http://127.0.0.1:9", maxRequestsPerSecond } as never),
      ).toThrow(PrepError);
    },
  );

  test("only a 429 pauses the budget: a 503 with Retry-After holds the request that got it alone", async () => {
    const server = await startTestServer((_, res, index) =>
      index === 0 ? reply(res, 503, "", { "retry-after-ms": "0" }) : reply(res, 200, envelope),
    );
    const lines: string[] = [];
    const info = (line: string) => lines.push(line);
    const logger = { debug: () => {}, info, warn: info, error: info };
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      maxRequestsPerSecond: 50,
      logger,
      logLevel: "info",
    });

    await prep.getConnection(connectionId);

    expect(lines).toEqual([
      expect.stringMatching(/: 503 in \d+ ms; retrying in 0 ms \(retry 1 of 2\)$/),
    ]);
    expect(server.requests).toHaveLength(2);
  });

  test("a rate that spaces requests exactly as far apart as a timer can wait is accepted", () => {
    const maxRequestsPerSecond = 1000 / 2147483647;

    const prep = createPrepClient({ baseUrl: "http://127.0.0.1:9", maxRequestsPerSecond });

    expect(prep.baseUrl).toBe("http://127.0.0.1:9");
  });

  test("within the API's rate limit, concurrent calls get no 429; without the budget they do", async () => {
    // A burst of 6: the server shares the test's process, so a busy machine that stalls it may
    // see requests sent 100 ms apart arrive together; 30 sent at once still go past it.
    const server = await startMockApi({ rateLimit: { requestsPerSecond: 20, burst: 6 } });
    const paced = createPrepClient({ baseUrl: server.url, token, maxRequestsPerSecond: 10 });

    await Promise.all(Array.from({ length: 12 }, () => paced.getConnection(connectionId)));

    expect(server.requests.map((request) => request.status)).toEqual(Array(12).fill(200));

    server.reset();
    const unpaced = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });
    const settled = await Promise.allSettled(
      Array.from({ length: 30 }, () => unpaced.getConnection(connectionId)),
    );
    expect(settled.filter((result) => result.status === "rejected").length).toBeGreaterThan(0);
    expect(server.requests.some((request) => request.status === 429)).toBe(true);
  });

  test("requests leave one at a time, in the order they were made, one more each 1000 / rate ms", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const noted = notingFetch();
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      maxRequestsPerSecond: 20,
      fetch: noted.fetch,
    });
    freezeClock();

    const calls = Promise.all(["c1", "c2", "c3", "c4"].map((id) => prep.getConnection(id)));
    await server.received(1);
    // While the clock stands still, the first is the only one that left, however long its
    // answer takes; each 50 ms of the clock lets exactly one more go.
    expect(noted.sent).toHaveLength(1);
    for (const count of [2, 3, 4]) {
      await vi.advanceTimersByTimeAsync(49);
      expect(noted.sent).toHaveLength(count - 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(noted.sent).toHaveLength(count);
    }
    await calls;

    const paths = ["c1", "c2", "c3", "c4"].map((id) => `/api/v1/connections/${id}`);
    expect(noted.sent).toEqual(paths.map((path) => `GET ${path}`));
    expect(server.requests.map((request) => request.url)).toEqual(paths);
  });

  test("the token requests of client credentials take their turn like any request", async () => {
    const server = await startTestServer((seen, res) =>
      seen.url === "/oauth2/token"
        ? reply(res, 200, { access_token: token, token_type: "Bearer", expires_in: 600 })
        : reply(res, 200, envelope),
    );
    const noted = notingFetch();
    const lines: string[] = [];
    let logged = () => {};
    const tokenLogged = new Promise<void>((resolve) => {
      logged = resolve;
    });
    const line = (message: string) => {
      lines.push(message);
      logged();
    };
    const prep = createPrepClient({
      baseUrl: server.url,
      clientCredentials: {
        clientId: "id",
        clientSecret: "secret",
        tokenUrl: `${server.url}/oauth2/token`,
      },
      maxRequestsPerSecond: 10,
      fetch: noted.fetch,
      logger: { debug: line, info: line, warn: line, error: line },
      logLevel: "debug",
    });
    freezeClock();

    const calls = Promise.all([prep.getConnection("c1"), prep.getConnection("c2")]);
    // The token has arrived (its line is written as its attempt ends) and the calls hold it:
    // still only the token request left, which took the turn they wait for. (vi.waitFor would
    // move the frozen clock on as it waits, and give them that turn.)
    await tokenLogged;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[wdata-prep\] POST \/oauth2\/token: 200 in \d+ ms$/);
    expect(noted.sent).toEqual(["POST /oauth2/token"]);
    await vi.advanceTimersByTimeAsync(100);
    expect(noted.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(100);
    await calls;

    expect(noted.sent).toEqual([
      "POST /oauth2/token",
      "GET /api/v1/connections/c1",
      "GET /api/v1/connections/c2",
    ]);
  });

  test("a 429 with Retry-After holds every request of the client until then, and the log says so", async () => {
    // Answers 429 to every request that arrives less than 400 ms after its first 429 was sent,
    // as a server that counts the client over its limit would.
    let limitedUntil = 0;
    const server = await startTestServer((_, res) => {
      const now = performance.now();
      if (limitedUntil === 0 || now < limitedUntil) {
        if (limitedUntil === 0) limitedUntil = now + 400;
        reply(res, 429, { body: "slow down", code: 429 }, { "retry-after-ms": "400" });
      } else reply(res, 200, envelope);
    });
    const lines: string[] = [];
    let paused!: () => void;
    const pause = new Promise<void>((resolve) => (paused = resolve));
    const note = (line: string) => {
      lines.push(line);
      if (line.includes("every request of this client waits")) paused();
    };
    const logger: PrepLogger = { debug: note, info: note, warn: note, error: note };
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      maxRequestsPerSecond: 100,
      logger,
      logLevel: "info",
    });

    const first = prep.getConnection("c1");
    await pause;
    const others = [prep.getConnection("c2"), prep.getConnection("c3")];
    await Promise.all([first, ...others]);

    // Only the first request met the limit: the others waited for its end.
    expect(server.requests.map((request) => request.url)).toEqual([
      "/api/v1/connections/c1",
      "/api/v1/connections/c2",
      "/api/v1/connections/c3",
      "/api/v1/connections/c1",
    ]);
    expect(lines).toContain(
      "[wdata-prep] 429 Too many requests: every request of this client waits 400 ms",
    );
  });

  test("a shorter Retry-After than the pause under way neither shortens it nor is logged", async () => {
    // The first request is answered once the second has arrived: 429 with 1000 ms, then 429
    // with 10 ms to the second; then 200 to both.
    const held: (() => void)[] = [];
    const server = await startTestServer((request, res, index) => {
      if (index > 0) return reply(res, 200, envelope);
      held.push(() =>
        reply(
          res,
          429,
          { body: "slow down", code: 429 },
          {
            "retry-after-ms": request.url.endsWith("c1") ? "1000" : "10",
          },
        ),
      );
      if (held.length === 2) {
        held[0]?.();
        setImmediate(() => held[1]?.());
      }
    });
    const lines: string[] = [];
    const note = (line: string) => lines.push(line);
    const logger: PrepLogger = { debug: note, info: note, warn: note, error: note };
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      maxRequestsPerSecond: 100,
      logger,
      logLevel: "info",
    });

    await Promise.all([prep.getConnection("c1"), prep.getConnection("c2")]);

    expect(lines.filter((line) => line.includes("every request of this client waits"))).toEqual([
      "[wdata-prep] 429 Too many requests: every request of this client waits 1000 ms",
    ]);
    expect(server.requests).toHaveLength(4);
  });

  test("waiting for a turn is no part of an attempt's time limit", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({
      baseUrl: server.url,
      token,
      maxRequestsPerSecond: 1,
      timeoutMs: 1500,
      maxRetries: 0,
    });
    freezeClock();

    // The third waits 2 s of the clock for its turn, longer than its time limit.
    const calls = Promise.all(["c1", "c2", "c3"].map((id) => prep.getConnection(id)));
    for (const count of [1, 2]) {
      await server.received(count);
      await vi.advanceTimersByTimeAsync(1000);
    }
    await calls;

    expect(server.requests).toHaveLength(3);
  });

  test("a pause holds every turn until it ends, a shorter one changes nothing, and a turn is never saved up", async () => {
    freezeClock();
    const lines: string[] = [];
    const budget = createRequestBudget(10, (_, line) => lines.push(line));
    const signal = new AbortController().signal;
    const gone: string[] = [];
    const take = (id: string) => budget.take(signal).then(() => gone.push(id));

    // Idle since its last turn long ago: one goes at once, never more.
    await vi.advanceTimersByTimeAsync(10_000);
    for (const id of ["a", "b", "c"]) take(id);
    await vi.advanceTimersByTimeAsync(0);
    expect(gone).toEqual(["a"]);
    budget.pause(400);
    budget.pause(100);
    await vi.advanceTimersByTimeAsync(399);
    expect(gone).toEqual(["a"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(gone).toEqual(["a", "b"]);
    await vi.advanceTimersByTimeAsync(99);
    expect(gone).toEqual(["a", "b"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(gone).toEqual(["a", "b", "c"]);
    expect(lines).toEqual(["429 Too many requests: every request of this client waits 400 ms"]);
  });

  test("the budget keeps one timer while attempts wait and none once none does, and no listener on the signal of an attempt that went", async () => {
    freezeClock();
    const lines: string[] = [];
    const budget = createRequestBudget(1, (_, line) => lines.push(line));
    const signal = new AbortController().signal;
    const gone: string[] = [];
    const take = (id: string) => budget.take(signal).then(() => gone.push(id));

    await take("a");
    expect(vi.getTimerCount()).toBe(0);
    const rest = Promise.all([take("b"), take("c")]);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(gone).toEqual(["a", "b"]);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    await rest;
    expect(gone).toEqual(["a", "b", "c"]);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);

    // Of two attempts waiting, the first aborted leaves the timer to the second; the second
    // aborted clears it.
    const first = new AbortController();
    const second = new AbortController();
    const firstAborted = rejectsWith(budget.take(first.signal), PrepAbortError);
    const secondAborted = rejectsWith(budget.take(second.signal), PrepAbortError);
    first.abort();
    await firstAborted;
    expect(vi.getTimerCount()).toBe(1);
    second.abort();
    await secondAborted;
    expect(vi.getTimerCount()).toBe(0);

    // A pause that ends exactly when the current one does changes nothing, and is not logged.
    budget.pause(500);
    budget.pause(500);
    expect(lines).toEqual(["429 Too many requests: every request of this client waits 500 ms"]);
  });

  test("calls aborted before or while they wait behind a long spacing reject at once", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    // A turn every 100 s: nothing but an abort ends the wait of the second and third calls.
    const prep = createPrepClient({ baseUrl: server.url, token, maxRequestsPerSecond: 0.01 });
    const early = new AbortController();
    const late = new AbortController();

    const first = prep.getConnection("c1");
    const abortedEarly = rejectsWith(
      prep.getConnection("c2", { signal: early.signal }),
      PrepAbortError,
    );
    early.abort();
    const abortedLate = rejectsWith(
      prep.getConnection("c3", { signal: late.signal }),
      PrepAbortError,
    );
    await first;
    late.abort();

    await Promise.all([abortedEarly, abortedLate]);
    expect(server.requests.map((request) => request.url)).toEqual(["/api/v1/connections/c1"]);
  });

  test("a process exits soon after the calls waiting for a turn are aborted", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    // A turn every 1000 s: a timer left for the next turn would keep the process alive.
    const child = runScript(
      `const [baseUrl, token] = args;
      const client = prep.createPrepClient({ baseUrl, token, maxRequestsPerSecond: 0.001 });
      const controller = new AbortController();
      await client.getConnection("c1");
      const waiting = client.getConnection("c2", { signal: controller.signal });
      // Once every pending step of the call has run: it waits for its turn.
      await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      await waiting.catch((error) => console.log(error.name));`,
      [server.url, token],
    );

    expect(await child.exitsWithin(10_000)).toBe(true);
    expect(child.output().trim()).toBe("PrepAbortError");
    expect(server.requests.map((request) => request.url)).toEqual(["/api/v1/connections/c1"]);
  });

  test("an abort while waiting for a turn rejects at once, sends nothing, and gives up the turn", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, envelope));
    const prep = createPrepClient({ baseUrl: server.url, token, maxRequestsPerSecond: 4 });
    const controller = new AbortController();

    const first = prep.getConnection("c1");
    const aborted = prep.getConnection("c2", { signal: controller.signal });
    const third = prep.getConnection("c3");
    controller.abort();

    await rejectsWith(aborted, PrepAbortError);
    await Promise.all([first, third]);
    expect(server.requests.map((request) => request.url)).toEqual([
      "/api/v1/connections/c1",
      "/api/v1/connections/c3",
    ]);
  });
});
