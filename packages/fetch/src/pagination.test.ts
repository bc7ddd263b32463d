import { rejectsWith } from "@wdata-prep/checks/rejection";
import { type Connection, DESTINATION_TYPE_FILTERS, SOURCE_TYPE_FILTERS } from "@wdata-prep/core";
import { seedConnections } from "@wdata-prep/mock-server";
import { describe, expect, test } from "vitest";
import { envelope, token } from "../test/fixtures.ts";
import { startMockApi } from "../test/mockApi.ts";
import { reply, startTestServer } from "../test/startTestServer.ts";
import { createPrepClient } from "./client.ts";
import type { ListConnectionsParams } from "./connections.ts";
import { BadRequestError, InternalServerError, PrepApiError, PrepError } from "./errors.ts";
import { type ConnectionPage, createConnectionList } from "./pagination.ts";

const listPath = "/api/v1/connections";
const seededIds = seedConnections.map((c) => c.connectionId);
/** The Q4 close workbook: seven seeded connections write into it. */
const workbook = "fd0e5a3c7b9d4f1e8a2c6b4d0f8e2a6c";

/** The heap in use after a full garbage collection (the tests run with `--expose-gc`). */
function heapAfterGc(): number {
  (globalThis as unknown as { gc: () => void }).gc();
  return process.memoryUsage().heapUsed;
}

/** Every item of a list walked with `for await`. */
async function collect(list: AsyncIterable<Connection>): Promise<Connection[]> {
  const items: Connection[] = [];
  for await (const item of list) items.push(item);
  return items;
}

describe("listConnections, awaited", () => {
  test("requests nothing until awaited, then the first page once, however often awaited", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    const list = prep.listConnections({ limit: 10 });
    expect(server.requests).toHaveLength(0);
    const page = await list;
    const again = await list;

    expect(again).toBe(page);
    expect(page.items.map((c) => c.connectionId)).toEqual(seededIds.slice(0, 10));
    expect(page.cursor).toEqual(expect.any(String));
    expect(page.hasNextPage()).toBe(true);
    expect(server.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ["GET", listPath, { limit: "10" }],
    ]);
  });

  test("a first page that failed is asked for again when awaited again; a success is kept", async () => {
    const server = await startTestServer((_, res, index) =>
      index === 0
        ? reply(res, 500, { body: "boom", code: 500 })
        : reply(res, 200, { body: [envelope.body], code: 200, cursor: null }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });
    const list = prep.listConnections();

    await rejectsWith(async () => await list, InternalServerError);
    const page = await list;
    const again = await list;

    expect(page.items).toEqual([envelope.body]);
    expect(again).toBe(page);
    expect(server.requests).toHaveLength(2);
  });

  test("a page's nextPage is the next one, asked for by its cursor alone with the filters", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });
    const query = { destinationType: "spreadsheet", destinationId: workbook, limit: 4 } as const;

    const first = await prep.listConnections(query);
    const second = await first.nextPage();

    expect(first.items).toHaveLength(4);
    expect(second.items).toHaveLength(3);
    expect(second.cursor).toBeUndefined();
    expect(second.hasNextPage()).toBe(false);
    expect(server.requests.map((r) => r.query)).toEqual([
      { destinationType: "spreadsheet", destinationId: workbook, limit: "4" },
      { destinationType: "spreadsheet", destinationId: workbook, cursor: first.cursor },
    ]);
  });

  test("nextPage on the last page rejects with a PrepError and requests nothing", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    const page = await prep.listConnections({ sourceId: "3c5e7a9b1d2f4a6c8e0f2b4d6a8c0e1f" });
    const error = await rejectsWith(page.nextPage(), PrepError);

    expect(page.items).toHaveLength(3);
    expect(error.message).toBe("This is the last page: there is no next");
    expect(server.requests).toHaveLength(1);
  });

  test("an error answer rejects with its class", async () => {
    const server = await startTestServer((_, res) =>
      reply(res, 400, { body: ["limit is out of range"], code: 400 }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(() => prep.listConnections(), BadRequestError);

    expect(error.message).toBe("400 limit is out of range");
  });

  test.each([
    ["a body that is one connection", envelope],
    ["no body", { code: 200, cursor: null }],
    ["a list of strings in a string", { body: "c1,c2", code: 200 }],
  ])("a 200 with %s is a PrepApiError", async (_, json) => {
    const server = await startTestServer((_, res) => reply(res, 200, json));
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(() => prep.listConnections(), PrepApiError);

    expect(error.message).toMatch(/^200 response is not a connection page envelope \(/);
  });
});

describe("listConnections, a Promise", () => {
  test("is a real Promise of the first page: catch, finally and then give plain promises", async () => {
    const server = await startTestServer((_, res, index) =>
      index === 0
        ? reply(res, 500, { body: "boom", code: 500 })
        : reply(res, 200, { body: [envelope.body], code: 200, cursor: null }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });
    const list = prep.listConnections();
    const settled: string[] = [];

    expect(list).toBeInstanceOf(Promise);
    const caught = list.catch((error: unknown) => (error as PrepError).name);
    const finished = list.finally(() => settled.push("finally")).catch(() => "rejected");

    expect(caught.constructor).toBe(Promise);
    expect(finished.constructor).toBe(Promise);
    expect(await caught).toBe("InternalServerError");
    expect(await finished).toBe("rejected");
    expect(settled).toEqual(["finally"]);
    // Both asked for the first page while it was under way: one request.
    expect(server.requests).toHaveLength(1);
    expect(await Promise.resolve(list).then((page) => page.items)).toEqual([envelope.body]);
    expect(await Promise.all([list, list])).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });

  test("withResponse() gives the first page with its response and request ID, requested once", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });
    const list = prep.listConnections({ limit: 2 });

    const { data, response, requestId } = await list.withResponse();
    const page = await list;
    const next = await page.nextPage().withResponse();

    expect(page).toBe(data);
    expect(data.items).toHaveLength(2);
    expect(response.status).toBe(200);
    expect(requestId).toBe(server.requests[0]?.requestId);
    expect(requestId).toMatch(/\S/);
    expect(next.requestId).toBe(server.requests[1]?.requestId);
    expect(next.requestId).not.toBe(requestId);
    expect(server.requests).toHaveLength(2);
  });

  test("a walk after the list was awaited starts from that first page: it is requested once", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });
    const list = prep.listConnections({ limit: 8 });

    const first = await list;
    const walked = await collect(list);
    const pages: ConnectionPage[] = [];
    for await (const page of list.pages()) pages.push(page);

    expect(walked.map((c) => c.connectionId)).toEqual(seededIds);
    expect(pages[0]).toBe(first);
    const cursors = server.requests.map((r) => r.query.cursor);
    // The first page once; every later page once per walk.
    expect(cursors.filter((cursor) => cursor === undefined)).toHaveLength(1);
    expect(cursors).toHaveLength(1 + 2 * (pages.length - 1));
  });
});

describe("listConnections, iterated", () => {
  test("walks every connection over 5 pages, requesting each page once by the last cursor", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    const items = await collect(prep.listConnections({ limit: 10 }));

    expect(items.map((c) => c.connectionId)).toEqual(seededIds);
    const cursors = server.requests.map((r) => r.query.cursor);
    expect(server.requests).toHaveLength(5);
    expect(cursors[0]).toBeUndefined();
    expect(new Set(cursors.slice(1)).size).toBe(4);
    // `limit` goes with the first page only: beside a cursor the API ignores it.
    expect(server.requests.map((r) => r.query.limit)).toEqual(["10", ...Array(4).fill(undefined)]);
  });

  test("pages() gives every page, each requested when the loop asks for it", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });
    const sizes: number[] = [];
    const requested: number[] = [];

    for await (const page of prep.listConnections({ limit: 10 }).pages()) {
      sizes.push(page.items.length);
      requested.push(server.requests.length);
    }

    expect(sizes).toEqual([10, 10, 10, 10, 2]);
    expect(requested).toEqual([1, 2, 3, 4, 5]);
  });

  test("the filters go with every page; offset only with the first", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });
    const query = { destinationType: "spreadsheet", destinationId: workbook, limit: 2, offset: 1 };

    const items = await collect(prep.listConnections(query as ListConnectionsParams));

    const q4 = seedConnections.filter((c) => c.destinationId === workbook);
    expect(items.map((c) => c.connectionId)).toEqual(q4.slice(1).map((c) => c.connectionId));
    expect(server.requests).toHaveLength(3);
    for (const request of server.requests.slice(1)) {
      expect(Object.keys(request.query).sort()).toEqual([
        "cursor",
        "destinationId",
        "destinationType",
      ]);
    }
  });

  test("a loop that stops early requests no further page", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });
    let seen = 0;

    for await (const _ of prep.listConnections({ limit: 10 })) {
      if (++seen === 12) break;
    }

    expect(server.requests).toHaveLength(2);
  });

  test("an error on a later page ends the loop with it, after the items before", async () => {
    const server = await startTestServer((request, res) =>
      request.url.includes("cursor=")
        ? reply(res, 500, { body: "boom", code: 500 })
        : reply(res, 200, { body: [envelope.body], code: 200, cursor: "p2" }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token, maxRetries: 0 });
    const items: Connection[] = [];

    const error = await rejectsWith(async () => {
      for await (const item of prep.listConnections()) items.push(item);
    }, InternalServerError);

    expect(items).toEqual([envelope.body]);
    expect(error.message).toBe("500 boom");
  });
});

describe("the walk ends", () => {
  /** A server whose pages are `pages[n]` for the cursor `n` (none for the first). */
  async function pagedServer(pages: Record<string, unknown>[]) {
    return startTestServer((request, res) => {
      const cursor = new URL(request.url, "http://x").searchParams.get("cursor");
      reply(res, 200, { body: [envelope.body], code: 200, ...pages[Number(cursor ?? 0)] });
    });
  }

  test.each([
    ["null", { cursor: null }],
    ["absent", {}],
    ["empty", { cursor: "" }],
    ["not a string", { cursor: 2 }],
  ])("on a %s cursor", async (_, last) => {
    const server = await pagedServer([{ cursor: "1" }, last]);
    const prep = createPrepClient({ baseUrl: server.url, token });

    const pages: ConnectionPage[] = [];
    for await (const page of prep.listConnections().pages()) pages.push(page);

    expect(pages.map((p) => p.cursor)).toEqual(["1", undefined]);
    expect(server.requests).toHaveLength(2);
  });

  test("on a cursor that comes back unchanged, however often the server gives it", async () => {
    // Page "1" names itself as the next page: a walk that followed it would never end.
    const server = await pagedServer([{ cursor: "1" }, { cursor: "1" }]);
    const prep = createPrepClient({ baseUrl: server.url, token });

    const items = await collect(prep.listConnections());

    expect(items).toHaveLength(2);
    expect(server.requests.map((r) => r.url)).toEqual([listPath, `${listPath}?cursor=1`]);
    const last = await (await prep.listConnections()).nextPage();
    expect([last.cursor, last.hasNextPage()]).toEqual([undefined, false]);
  });

  test("on a cursor already sent in this walk: A → B → A ends when A comes back", async () => {
    const server = await pagedServer([{ cursor: "1" }, { cursor: "2" }, { cursor: "1" }]);
    const prep = createPrepClient({ baseUrl: server.url, token });

    const pages: ConnectionPage[] = [];
    for await (const page of prep.listConnections().pages()) {
      // A walk that went round would go on forever: stop it well after it should have ended.
      if (pages.push(page) === 10) break;
    }

    expect(pages.map((p) => p.cursor)).toEqual(["1", "2", undefined]);
    expect(server.requests.map((r) => r.url)).toEqual([
      listPath,
      `${listPath}?cursor=1`,
      `${listPath}?cursor=2`,
    ]);
    // A walk that starts from a cursor counts it as sent.
    const items = await collect(prep.listConnections({ cursor: "1" }));
    expect(items).toHaveLength(2);
    expect(server.requests).toHaveLength(5);
  });

  test("each walk remembers its own cursors: going again from an earlier page is a new walk", async () => {
    const server = await pagedServer([{ cursor: "1" }, { cursor: "2" }, { cursor: "1" }]);
    const prep = createPrepClient({ baseUrl: server.url, token });

    const first = await prep.listConnections();
    const second = await first.nextPage();
    const third = await second.nextPage();
    const secondAgain = await first.nextPage();

    expect([second.cursor, third.cursor, secondAgain.cursor]).toEqual(["2", undefined, "2"]);
    expect(server.requests).toHaveLength(4);
  });

  test("a cursor is sent back exactly as given, encoded", async () => {
    const cursor = "eyJhIjoxfQ==+/ é&x=1";
    const server = await startTestServer((request, res) =>
      reply(res, 200, {
        body: [envelope.body],
        code: 200,
        cursor: request.url.includes("cursor=") ? null : cursor,
      }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });

    await collect(prep.listConnections());

    const sent = new URL(server.requests[1]?.url ?? "", "http://x").searchParams.get("cursor");
    expect(sent).toBe(cursor);
  });
});

describe("the query sent", () => {
  test("holds the documented parameters alone: an inherited key is never sent", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, { body: [], code: 200 }));
    const prep = createPrepClient({ baseUrl: server.url, token });
    const query = Object.assign(Object.create({ "a=1&limit": 5 }), {
      destinationType: "spreadsheet_section",
      destinationId: "d 1",
    });

    await prep.listConnections(query);

    expect(server.requests.map((r) => r.url)).toEqual([
      `${listPath}?destinationType=spreadsheet_section&destinationId=d%201`,
    ]);
  });

  test("takes every type filter core lists, and refuses another, which a newer version may know", async () => {
    const server = await startTestServer((_, res) => reply(res, 200, { body: [], code: 200 }));
    const prep = createPrepClient({ baseUrl: server.url, token });

    for (const sourceType of SOURCE_TYPE_FILTERS)
      await prep.listConnections({ sourceType, sourceId: "s" });
    for (const destinationType of DESTINATION_TYPE_FILTERS) {
      await prep.listConnections({ destinationType, destinationId: "d" });
    }
    const error = await rejectsWith(
      () => prep.listConnections({ sourceType: "new_type" as never, sourceId: "s" }),
      PrepError,
    );

    expect(server.requests).toHaveLength(
      SOURCE_TYPE_FILTERS.length + DESTINATION_TYPE_FILTERS.length,
    );
    expect(error.message).toBe(
      `sourceType must be one of ${SOURCE_TYPE_FILTERS.join(", ")}, not "new_type" (a type the API added since is known to a newer version of @wdata-prep/fetch)`,
    );
  });
});

describe("a bad query fails before any request", () => {
  test.each([
    ["a limit of 0", { limit: 0 }, /^limit must be a whole number from 1 to 1000, not 0$/],
    ["a limit of 1001", { limit: 1001 }, /^limit must be a whole number from 1 to 1000/],
    ["a fractional limit", { limit: 2.5 }, /^limit must be a whole number/],
    ["a limit that is a string", { limit: "10" as never }, /^limit must be a whole number/],
    ["a negative offset", { offset: -1 }, /^offset must be a whole number from 0 to/],
    ["a fractional offset", { offset: 0.5 }, /^offset must be a whole number/],
    [
      "a sourceType without sourceId",
      { sourceType: "wdata_query" },
      /^sourceType needs a sourceId$/,
    ],
    [
      "a destinationType without destinationId",
      { destinationType: "spreadsheet" },
      /^destinationType needs a destinationId$/,
    ],
    ["an empty sourceId", { sourceId: "" }, /^sourceId must be a non-blank, well-formed string$/],
    ["a blank destinationId", { destinationId: " " }, /^destinationId must be a non-blank/],
    ["an empty cursor", { cursor: "" }, /^cursor must be a non-blank, well-formed string$/],
    ["a lone surrogate in a cursor", { cursor: "a\uD800" }, /^cursor must be a non-blank/],
    ["no query object", null, /^query must be an object, not null$/],
  ])("%s", async (_, query, message) => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });
    const list = prep.listConnections(query as ListConnectionsParams);

    const awaited = await rejectsWith(() => list, PrepError);
    const iterated = await rejectsWith(() => collect(list), PrepError);

    expect(awaited.message).toMatch(message);
    expect(iterated.message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });

  test("a bad timeoutMs of the call", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(() => prep.listConnections({}, { timeoutMs: -1 }), PrepError);

    expect(error.message).toBe("timeoutMs must be 1 to 2147483647, not -1");
    expect(server.requests).toHaveLength(0);
  });
});

describe("a walk is bounded", () => {
  /** A page source whose every page names a new cursor, `cursorOf(n)` for the page after `n`. */
  function endless(cursorOf: (n: number) => string = String) {
    const sent: (string | undefined)[] = [];
    const response = new Response(null);
    const getPage = async (query: ListConnectionsParams) => {
      // Now and then a turn of the event loop, so that a walk that never ends meets the timeout.
      if (sent.push(query.cursor) % 1000 === 0) await new Promise(setImmediate);
      return { data: { items: [], cursor: cursorOf(sent.length) }, response };
    };
    return { sent, getPage };
  }

  test("a server that hands out a new cursor forever is walked up to maxPages, then a PrepError says so", async () => {
    let next = 0;
    const server = await startTestServer((_, res) =>
      reply(res, 200, { body: [], code: 200, cursor: `c${++next}` }),
    );
    const prep = createPrepClient({ baseUrl: server.url, token });
    let pages = 0;

    const error = await rejectsWith(async () => {
      // A walk without a bound would go on: the test stops it well after it should have ended.
      for await (const _ of prep.listConnections({}, { maxPages: 5 }).pages()) {
        if (++pages === 50) break;
      }
    }, PrepError);

    expect(pages).toBe(5);
    expect(server.requests).toHaveLength(5);
    expect(error.message).toBe(
      "listConnections reached maxPages (5) with pages still to come: give a larger maxPages to walk further",
    );
  });

  test("by default a walk stops after 100,000 pages, each asking once", async () => {
    const { sent, getPage } = endless();

    const error = await rejectsWith(async () => {
      for await (const _ of createConnectionList(getPage).pages());
    }, PrepError);

    expect(error.message).toMatch(/^listConnections reached maxPages \(100000\)/);
    expect(sent).toHaveLength(100_000);
    expect(new Set(sent).size).toBe(100_000);
  });

  test("a walk keeps the last 16 cursors it sent, not all of them: its memory stays flat", async () => {
    // Each cursor is a string of its own of 64 KiB: 1,000 of them kept would be 64 MiB.
    const { sent, getPage } = endless((n) => `${n}:`.padEnd(64 * 1024, "x"));
    const list = createConnectionList(getPage);
    const before = heapAfterGc();

    let page = await list;
    while (sent.length < 1000) page = await page.nextPage();
    sent.length = 0;
    const kept = heapAfterGc() - before;

    expect(page.hasNextPage()).toBe(true);
    // The last page holds its own cursor and the 16 sent before it: about 1 MiB.
    expect(kept).toBeLessThan(8 * 1024 * 1024);
  });

  test("a cycle within the last 16 cursors ends the walk; each page is asked for once", async () => {
    // Cursors 1 → 2 → … → 16 → 1: the 17th page names the first cursor sent.
    const { sent, getPage } = endless((n) => String(((n - 1) % 16) + 1));

    const pages: ConnectionPage[] = [];
    for await (const page of createConnectionList(getPage).pages()) pages.push(page);

    expect(pages).toHaveLength(17);
    expect(sent).toEqual([undefined, ...Array.from({ length: 16 }, (_, i) => String(i + 1))]);
    expect(pages.at(-1)?.cursor).toBeUndefined();
  });

  test("a longer cycle goes round until maxPages", async () => {
    const { sent, getPage } = endless((n) => String(((n - 1) % 17) + 1));

    const error = await rejectsWith(async () => {
      for await (const _ of createConnectionList(getPage, {}, 40).pages());
    }, PrepError);

    expect(error.message).toMatch(/^listConnections reached maxPages \(40\)/);
    expect(sent).toHaveLength(40);
  });

  test("a limit of exactly 1 or 1000, an offset of 0 and a maxPages of 1 are accepted and sent", async () => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    const one = await prep.listConnections({ limit: 1, offset: 0 }, { maxPages: 1 });
    const all = await prep.listConnections({ limit: 1000 });

    expect(one.items.map((c) => c.connectionId)).toEqual(seededIds.slice(0, 1));
    expect(all.items.map((c) => c.connectionId)).toEqual(seededIds);
    expect(server.requests.map((r) => r.query)).toEqual([
      { limit: "1", offset: "0" },
      { limit: "1000" },
    ]);
  });

  test.each([
    ["0", 0],
    ["a fraction", 1.5],
    ["a string", "10"],
    ["NaN", Number.NaN],
  ])("a maxPages of %s is refused before any request", async (_, maxPages) => {
    const server = await startMockApi();
    const prep = createPrepClient({ baseUrl: server.url, token });

    const error = await rejectsWith(
      () => prep.listConnections({}, { maxPages: maxPages as number }),
      PrepError,
    );

    expect(error.message).toMatch(/^maxPages must be a whole number from 1 to/);
    expect(server.requests).toHaveLength(0);
  });
});
