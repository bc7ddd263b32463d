// Runs over HTTP: refreshConnection starts one, getRefreshStatus follows it to the end its
// connection's outcome gives, and the connection's lastRun follows it.
import { describe, expect, test } from "vitest";
import {
  connectionUrl,
  eventually,
  first,
  forever,
  refresh,
  runStatus,
  sendJson,
  sides,
  type TestApi,
  transports,
} from "../test/api.ts";
import { fetchSpecResponse } from "../test/fetchSpecResponse.ts";
import { seedConnections, seedRunOutcomes } from "./seed.ts";

/** The first seeded connection whose runs end as `type`, and that outcome's error message. */
function seededWith(type: string): { connectionId: string; error: string | undefined } {
  const [connectionId, outcome] =
    Object.entries(seedRunOutcomes).find(([, o]) => o.type === type) ?? [];
  if (!connectionId || !outcome) throw new Error(`No seeded connection is ${type}`);
  return { connectionId, error: "error" in outcome ? outcome.error : undefined };
}

const neverRan = seedConnections.find((c) => !c.lastRun)?.connectionId as string;
const phases = {
  complete: [
    "not_started/not_started",
    "running/not_started",
    "complete/running",
    "complete/complete",
  ],
  "destination-error": [
    "not_started/not_started",
    "running/not_started",
    "complete/running",
    "complete/error",
  ],
  "source-error": ["not_started/not_started", "running/not_started", "error/not_started"],
  cancelled: ["not_started/not_started", "running/not_started", "cancelled/cancelled"],
};

/** Polls the run until it shows `final`; returns each distinct pair of statuses seen, in order. */
async function followRun(
  server: TestApi,
  connectionId: string,
  jobId: string,
  final: string,
): Promise<string[]> {
  const seen: string[] = [];
  await eventually(async () => {
    const { body } = await runStatus(server, connectionId, jobId);
    const now = sides(body.body);
    if (seen.at(-1) !== now) seen.push(now);
    expect(now).toBe(final);
  });
  return seen;
}

describe.each(transports)("over $name", ({ start }) => {
  describe("refreshConnection", () => {
    test("answers the new run as it starts, and the connection's lastRun follows it", async () => {
      const server = await start({ runDurationMs: forever });
      const sent = { sourceParameters: { fiscalPeriod: "2026-11" } };
      const { status, body } = await refresh(server, first.connectionId, sent);
      expect(status).toBe(200);
      const run = body.body;
      expect(run).toEqual({
        connectionId: first.connectionId,
        created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        createdBy: "V0ZVc2VyHzU2NDYyODk1NDQ3MjE5MjA",
        destinationStatus: "not_started",
        destinationWorkspaceId: first.destinationWorkspaceId,
        jobId: expect.stringMatching(/^[0-9a-f]{32}$/),
        sourceParameters: { fiscalPeriod: "2026-11" },
        sourceStatus: "not_started",
        sourceWorkspaceId: first.sourceWorkspaceId,
        updated: run.created,
        workspaceId: first.workspaceId,
      });
      expect(run.jobId).not.toBe(first.lastRunJobId);

      const { body: connection } = await fetchSpecResponse(
        connectionUrl(server, first.connectionId),
      );
      expect(connection.body).toMatchObject({
        lastRun: run,
        lastRunBy: run.createdBy,
        lastRunDate: run.created,
        lastRunJobId: run.jobId,
        lastRunSourceParameters: sent.sourceParameters,
        name: first.name,
      });
      // The new run has no destination parameters, so neither has the connection's last run.
      expect(connection.body).not.toHaveProperty("lastRunDestinationParameters");
      const { body: page } = await fetchSpecResponse(`${server.url}/api/v1/connections?limit=1`);
      expect(page.body[0]).toEqual(connection.body);
    });

    test.each([
      ["complete", "complete/complete"],
      ["source-error", "error/not_started"],
      ["destination-error", "complete/error"],
      ["cancelled", "cancelled/cancelled"],
    ] as const)("runs a %s connection to %s, in the documented order", async (type, final) => {
      const server = await start({ runDurationMs: 50 });
      const { connectionId, error } = seededWith(type);
      const started = await refresh(server, connectionId);
      expect(sides(started.body.body)).toBe("not_started/not_started");
      const { jobId } = started.body.body;

      const seen = await followRun(server, connectionId, jobId, final);
      // Whichever phases the polls caught, they came in the documented order, each once.
      const order = seen.map((pair) => phases[type].indexOf(pair));
      expect(order).not.toContain(-1);
      expect(order).toEqual([...new Set(order)].sort((a, b) => a - b));
      const { body } = await runStatus(server, connectionId, jobId);
      expect(body.body.error).toBe(error);
      expect(Date.parse(body.body.updated)).toBeGreaterThan(Date.parse(body.body.created));
      const { body: connection } = await fetchSpecResponse(connectionUrl(server, connectionId));
      expect(connection.body.lastRun).toEqual(body.body);
      expect(connection.body.updated).toBe(body.body.updated);
    });

    test("with runDurationMs 0, a run is finished on its first status read and may run again", async () => {
      const server = await start({ runDurationMs: 0 });
      const started = await refresh(server, first.connectionId);
      expect(sides(started.body.body)).toBe("not_started/not_started");
      const { body } = await runStatus(server, first.connectionId, started.body.body.jobId);
      expect(sides(body.body)).toBe("complete/complete");
      const again = await refresh(server, first.connectionId);
      expect(again.status).toBe(200);
      expect(again.body.body.jobId).not.toBe(started.body.body.jobId);
    });

    test("answers 409 to a refresh while the connection's run is going, and leaves that run be", async () => {
      const server = await start({ runDurationMs: forever });
      const started = await refresh(server, first.connectionId);
      const second = await refresh(server, first.connectionId, {
        connectionId: first.connectionId,
      });
      expect(second.status).toBe(409);
      expect(second.body.body).toBe(
        `Connection ${first.connectionId} is already running (job ${started.body.body.jobId}); run it again once that run is finished`,
      );
      const latest = await runStatus(server, first.connectionId);
      expect(latest.body.body.jobId).toBe(started.body.body.jobId);
      // Another connection runs meanwhile.
      expect((await refresh(server, neverRan)).status).toBe(200);
    });

    test("answers 423 for a connection whose destination cannot be written, and starts no run", async () => {
      const server = await start({ runDurationMs: 0 });
      const { connectionId, error } = seededWith("unwritable");
      const { status, body } = await refresh(server, connectionId);
      expect(status).toBe(423);
      expect(body.body).toBe(
        `Connection ${connectionId} cannot write into its destination: ${error}`,
      );
      const seeded = seedConnections.find((c) => c.connectionId === connectionId);
      const { body: connection } = await fetchSpecResponse(connectionUrl(server, connectionId));
      expect(connection.body).toEqual(seeded);
    });

    test("uses the previous run's parameters when asked, over any given", async () => {
      const server = await start({ runDurationMs: 0 });
      const { body } = await refresh(server, first.connectionId, {
        sourceParameters: { fiscalPeriod: "2027-01" },
        destinationParameters: { clearRange: false },
        usePreviousSourceParameters: true,
      });
      expect(body.body.sourceParameters).toEqual(first.lastRunSourceParameters);
      expect(body.body.destinationParameters).toEqual({ clearRange: false });
      const next = await refresh(server, first.connectionId, {
        usePreviousDestinationParameters: true,
      });
      expect(next.body.body.destinationParameters).toEqual({ clearRange: false });
      expect(next.body.body).not.toHaveProperty("sourceParameters");
    });

    test("records the body it received, with credential-like fields redacted", async () => {
      const server = await start({ runDurationMs: 0 });
      const sent = {
        connectionId: first.connectionId,
        sourceParameters: { apiToken: "s3cret", year: 2026 },
      };
      await refresh(server, first.connectionId, sent);
      await fetchSpecResponse(connectionUrl(server, first.connectionId));
      expect(server.requests.map((request) => request.body)).toEqual([
        {
          connectionId: first.connectionId,
          sourceParameters: { apiToken: "[redacted]", year: 2026 },
        },
        undefined,
      ]);
      expect(JSON.stringify(server.requests)).not.toContain("s3cret");
    });

    test("records a refresh the client gave up on during latencyMs as aborted, with its body", async () => {
      const server = await start({ runDurationMs: forever, latencyMs: forever });
      const controller = new AbortController();
      const pending = fetch(`${connectionUrl(server, first.connectionId)}/refresh`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
        signal: controller.signal,
      });
      await eventually(() => expect(server.requests[0]?.body).toEqual({}));
      controller.abort();
      await expect(pending).rejects.toThrow(/abort/i);
      await eventually(() => expect(server.requests[0]?.aborted).toBe(true));
      expect(server.requests[0]?.status).toBeUndefined();
    });
  });

  describe("refreshConnection refuses", () => {
    const url = (server: TestApi) => `${connectionUrl(server, first.connectionId)}/refresh`;

    test.each<[string, RequestInit, string[]]>([
      ["no body", {}, ["body"]],
      [
        "a body that is not JSON",
        { body: "{", headers: { "content-type": "application/json" } },
        ["body"],
      ],
      [
        "a body not sent as JSON",
        { body: "{}", headers: { "content-type": "text/plain" } },
        ["body"],
      ],
      [
        "a body that is an array",
        { body: "[]", headers: { "content-type": "application/json" } },
        ["body"],
      ],
      [
        "a body of the wrong types",
        {
          body: JSON.stringify({
            connectionId: 7,
            sourceParameters: "fiscalPeriod=2026-11",
            destinationParameters: [],
            usePreviousSourceParameters: "yes",
            workspaceId: "w".repeat(41),
          }),
          headers: { "content-type": "application/json" },
        },
        [
          "connectionId",
          "sourceParameters",
          "destinationParameters",
          "usePreviousSourceParameters",
          "workspaceId",
        ],
      ],
      [
        "a connectionId other than the path's",
        {
          body: JSON.stringify({ connectionId: seedConnections[1]?.connectionId }),
          headers: { "content-type": "application/json" },
        },
        ["connectionId"],
      ],
    ])("%s with a MultiError, and starts no run", async (_name, init, targets) => {
      const server = await start({ runDurationMs: 0 });
      const { status, body } = await fetchSpecResponse(url(server), { method: "POST", ...init });
      expect(status).toBe(400);
      expect(body.details.map((detail: { target: string }) => detail.target)).toEqual(targets);
      expect(body.body).toHaveLength(targets.length);
      const latest = await runStatus(server, first.connectionId);
      expect(latest.body.body.jobId).toBe(first.lastRunJobId);
    });

    test("with messages that say what is wrong", async () => {
      const server = await start();
      const wrongType = await sendJson(url(server), { sourceParameters: "2026-11" });
      expect(wrongType.body).toEqual({
        body: ['sourceParameters must be an object, got "2026-11"'],
        code: 400,
        details: [
          {
            code: "invalid_field",
            message: 'sourceParameters must be an object, got "2026-11"',
            target: "sourceParameters",
          },
        ],
      });
      const other = seedConnections[1]?.connectionId;
      const mismatch = await sendJson(url(server), { connectionId: other });
      expect(mismatch.body.body).toEqual([
        `connectionId "${other}" in the body differs from "${first.connectionId}" in the path; send the path's ID or none`,
      ]);
      const none = await fetchSpecResponse(url(server), { method: "POST" });
      expect(none.body.body).toEqual(["The body is required: a RefreshConnection"]);
    });

    test("an unknown connection, or one of another workspace, with 404", async () => {
      const server = await start();
      const unknown = await refresh(server, "nope");
      expect(unknown.status).toBe(404);
      expect(unknown.body.body).toBe("Connection nope not found");
      const elsewhere = await refresh(server, first.connectionId, { workspaceId: "another" });
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body.body).toBe(
        `Connection ${first.connectionId} not found in workspace another`,
      );
    });

    test("other methods with 405, naming the one it takes", async () => {
      const server = await start();
      const get = await fetchSpecResponse(url(server));
      expect(get.status).toBe(405);
      expect(get.headers.get("allow")).toBe("POST");
      const post = await fetchSpecResponse(`${connectionUrl(server, first.connectionId)}/status`, {
        method: "POST",
      });
      expect(post.status).toBe(405);
      expect(post.headers.get("allow")).toBe("GET");
    });
  });

  describe("getRefreshStatus", () => {
    test("answers the run with jobId, or the latest run without it", async () => {
      const server = await start({ runDurationMs: 0 });
      const seeded = await runStatus(server, first.connectionId);
      expect(seeded.body).toEqual({ body: first.lastRun, code: 200 });
      const one = (await refresh(server, first.connectionId)).body.body;
      const two = (await refresh(server, first.connectionId)).body.body;
      expect((await runStatus(server, first.connectionId)).body.body.jobId).toBe(two.jobId);
      expect((await runStatus(server, first.connectionId, one.jobId)).body.body.jobId).toBe(
        one.jobId,
      );
      const old = await runStatus(server, first.connectionId, first.lastRunJobId);
      expect(old.body.body).toEqual(first.lastRun);
    });

    test("answers 404 for an unknown jobId, another connection's run, or a connection that never ran", async () => {
      const server = await start({ runDurationMs: 0 });
      const unknown = await runStatus(
        server,
        first.connectionId,
        "0123456789abcdef0123456789abcdef",
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.body).toBe(
        `Run 0123456789abcdef0123456789abcdef of connection ${first.connectionId} not found`,
      );
      const other = (await refresh(server, neverRan)).body.body;
      expect((await runStatus(server, first.connectionId, other.jobId)).status).toBe(404);

      const server2 = await start();
      const never = await runStatus(server2, neverRan);
      expect(never.status).toBe(404);
      expect(never.body.body).toBe(`Connection ${neverRan} has never run`);
      expect((await runStatus(server2, "nope")).status).toBe(404);
    });

    test("checks workspaceId as getConnection does", async () => {
      const server = await start();
      const status = `${connectionUrl(server, first.connectionId)}/status`;
      const tooLong = await fetchSpecResponse(`${status}?workspaceId=${"w".repeat(41)}`);
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.details[0].target).toBe("workspaceId");
      expect((await fetchSpecResponse(`${status}?workspaceId=another`)).status).toBe(404);
      expect((await fetchSpecResponse(`${status}?workspaceId=${first.workspaceId}`)).status).toBe(
        200,
      );
    });
  });

  describe("state", () => {
    test("two servers never share runs", async () => {
      const a = await start({ runDurationMs: forever });
      const b = await start({ runDurationMs: forever });
      const run = (await refresh(a, first.connectionId)).body.body;
      expect((await runStatus(b, first.connectionId, run.jobId)).status).toBe(404);
      expect((await runStatus(b, first.connectionId)).body.body).toEqual(first.lastRun);
      expect((await refresh(b, first.connectionId)).status).toBe(200);
    });

    test("reset() restores the seed: connections' last runs as seeded, started runs gone", async () => {
      const server = await start({ runDurationMs: forever });
      const run = (await refresh(server, first.connectionId)).body.body;
      await refresh(server, neverRan);
      server.reset();
      expect(
        (await fetchSpecResponse(connectionUrl(server, first.connectionId))).body.body,
      ).toEqual(first);
      expect((await runStatus(server, first.connectionId, run.jobId)).status).toBe(404);
      expect((await runStatus(server, neverRan)).status).toBe(404);
      const { body } = await fetchSpecResponse(`${server.url}/api/v1/connections`);
      expect(body.body).toEqual(seedConnections);
      // No run is going any more: the connection runs again at once.
      expect((await refresh(server, first.connectionId)).status).toBe(200);
    });
  });
});
