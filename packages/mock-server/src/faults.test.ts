import { describe, expect, test } from "vitest";
import { connectionUrl, first, refresh, runStatus, transports } from "../test/api.ts";
import { fetchSpecResponse } from "../test/fetchSpecResponse.ts";

describe.each(transports)("over $name", ({ start }) => {
  describe("faults", () => {
    test("rate-limit answers the next N requests 429 with Retry-After, then the API answers again", async () => {
      const server = await start();
      server.fault({ type: "rate-limit", count: 2, retryAfterSeconds: 7 });
      for (let i = 0; i < 2; i++) {
        const { status, headers, body } = await fetchSpecResponse(
          connectionUrl(server, first.connectionId),
        );
        expect(status).toBe(429);
        expect(headers.get("retry-after")).toBe("7");
        expect(body).toEqual({ body: "Rate limit exceeded; retry later", code: 429 });
      }
      const after = await fetchSpecResponse(connectionUrl(server, first.connectionId));
      expect(after.status).toBe(200);
    });

    test("rate-limit defaults to one request and Retry-After: 1; null sends no Retry-After", async () => {
      const server = await start();
      server.fault({ type: "rate-limit" });
      server.fault({ type: "rate-limit", retryAfterSeconds: null });
      const byDefault = await fetchSpecResponse(connectionUrl(server, first.connectionId));
      expect(byDefault.headers.get("retry-after")).toBe("1");
      const without = await fetchSpecResponse(connectionUrl(server, first.connectionId));
      expect(without.status).toBe(429);
      expect(without.headers.has("retry-after")).toBe(false);
    });

    test("unavailable answers 503 with a SingleError body", async () => {
      const server = await start();
      server.fault({ type: "unavailable" });
      const { status, body } = await fetchSpecResponse(connectionUrl(server, first.connectionId));
      expect(status).toBe(503);
      expect(body.code).toBe(503);
    });

    test("drop closes the connection without an answer; the request is recorded, not aborted", async () => {
      const server = await start();
      server.fault({ type: "drop" });
      await expect(fetch(connectionUrl(server, first.connectionId))).rejects.toThrow(TypeError);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]).toMatchObject({ status: undefined, aborted: false });
      const next = await fetchSpecResponse(connectionUrl(server, first.connectionId));
      expect(next.status).toBe(200);
    });

    test("queued faults answer requests in order, whatever their path", async () => {
      const server = await start();
      server.fault({ type: "rate-limit" });
      server.fault({ type: "unavailable", count: 2 });
      server.fault({ type: "drop" });
      const statuses: (number | string)[] = [];
      for (const path of ["/unknown", "/api/v1/connections/nope", "/", "/", "/", "/"]) {
        statuses.push(
          await fetchSpecResponse(`${server.url}${path}`).then(
            (answer) => answer.status,
            () => "dropped",
          ),
        );
      }
      expect(statuses).toEqual([429, 503, 503, "dropped", 404, 404]);
    });

    test("answer a refresh before the API does, so no run starts; the next one starts a run", async () => {
      const server = await start({ runDurationMs: 0 });
      server.fault({ type: "rate-limit", retryAfterSeconds: 2 });
      server.fault({ type: "unavailable" });
      const limited = await refresh(server, first.connectionId);
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("2");
      expect((await refresh(server, first.connectionId)).status).toBe(503);
      expect((await runStatus(server, first.connectionId)).body.body.jobId).toBe(
        first.lastRunJobId,
      );
      const started = await refresh(server, first.connectionId);
      expect(started.status).toBe(200);
      const latest = await runStatus(server, first.connectionId);
      expect(latest.body.body.jobId).toBe(started.body.body.jobId);
      expect(server.requests.map((request) => request.status)).toEqual([429, 503, 200, 200, 200]);
    });

    test("rejects a fault it cannot apply, naming the problem", async () => {
      const server = await start();
      const bad: [unknown, ErrorConstructor, RegExp][] = [
        [null, TypeError, /fault must be an object/],
        [
          { type: "timeout" },
          TypeError,
          /fault.type must be "rate-limit", "unavailable" or "drop"/,
        ],
        [{ type: "drop", count: 0 }, RangeError, /fault.count must be a positive integer, got 0/],
        [{ type: "drop", count: 1.5 }, RangeError, /fault.count/],
        [{ type: "rate-limit", retryAfterSeconds: -1 }, RangeError, /fault.retryAfterSeconds/],
        [
          { type: "drop", retryAfterSeconds: 5 },
          TypeError,
          /"drop" fault has no option "retryAfterSeconds"/,
        ],
      ];
      for (const [fault, errorClass, message] of bad) {
        expect(() => server.fault(fault as never), JSON.stringify(fault)).toThrow(errorClass);
        expect(() => server.fault(fault as never)).toThrow(message);
      }
      const { status } = await fetchSpecResponse(connectionUrl(server, first.connectionId));
      expect(status).toBe(200);
    });
  });
});
