import { spec } from "@wdata-prep/checks/spec";
import type { Connection } from "@wdata-prep/core";
import { describe, expect, test } from "vitest";
import { listUrl, transports } from "../test/api.ts";
import { fetchSpecResponse } from "../test/fetchSpecResponse.ts";
import { seedConnections } from "./seed.ts";

const ids = (connections: readonly Connection[]) =>
  connections.map((c) => c.connectionId as string);
const q4CloseWorkbook = seedConnections.find((c) => c.name?.endsWith("→ Q4 close workbook"))
  ?.destinationId as string;
const revenueQuery = seedConnections[0]?.sourceId as string;

describe.each(transports)("over $name", ({ start }) => {
  describe("listConnections", () => {
    test("answers every served connection on one page by default, in the order they are served", async () => {
      const server = await start();
      const { status, body } = await fetchSpecResponse(listUrl(server));
      expect(status).toBe(200);
      expect(body).toEqual({ body: seedConnections, code: 200, cursor: null });
    });

    test("walks every page once with cursors, keeping the first page's size", async () => {
      const server = await start();
      const pages: string[][] = [];
      const cursors = new Set<string>();
      let next: string | null = null;
      do {
        // `limit` is ignored once a cursor is sent: the cursor carries the size of its pages.
        const query: Record<string, string | number> = next
          ? { cursor: next, limit: 1 }
          : { limit: 5 };
        const { body } = await fetchSpecResponse(listUrl(server, query));
        pages.push(ids(body.body));
        next = body.cursor;
        if (next !== null) {
          expect(cursors.has(next)).toBe(false);
          cursors.add(next);
        }
      } while (next !== null && pages.length <= seedConnections.length);
      expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 5, 5, 5, 5, 2]);
      expect(pages.flat()).toEqual(ids(seedConnections));
    });

    test("walks every page with offset, and answers an empty last page past the end", async () => {
      const server = await start();
      const seen: string[] = [];
      const cursors: (string | null)[] = [];
      for (let offset = 0; offset < seedConnections.length; offset += 10) {
        const { body } = await fetchSpecResponse(listUrl(server, { offset, limit: 10 }));
        seen.push(...ids(body.body));
        cursors.push(body.cursor);
      }
      expect(seen).toEqual(ids(seedConnections));
      expect(cursors.map((cursor) => cursor === null)).toEqual([false, false, false, false, true]);
      const past = await fetchSpecResponse(listUrl(server, { offset: 42 }));
      expect(past.body).toEqual({ body: [], code: 200, cursor: null });
    });

    test("starts from offset and goes on from there with the cursor", async () => {
      const server = await start();
      const first = await fetchSpecResponse(listUrl(server, { offset: 40, limit: 1 }));
      expect(ids(first.body.body)).toEqual(ids(seedConnections.slice(40, 41)));
      // `offset` is ignored once a cursor is sent: the cursor carries the position.
      const second = await fetchSpecResponse(
        listUrl(server, { cursor: first.body.cursor, offset: 0 }),
      );
      expect(ids(second.body.body)).toEqual(ids(seedConnections.slice(41, 42)));
      expect(second.body.cursor).toBeNull();
    });

    test("answers the spec's examples: the first page of two, and a filtered last page", async () => {
      const server = await start();
      const { FirstPageOfTwo, LastPageFiltered } = spec.components.examples;
      const firstPage = await fetchSpecResponse(listUrl(server, { limit: 2 }));
      expect(firstPage.body.body).toEqual(FirstPageOfTwo.value.body);
      expect(firstPage.body.cursor).toMatch(/^[\w-]+$/);
      const filtered = await fetchSpecResponse(
        listUrl(server, {
          destinationType: "spreadsheet_section",
          destinationId: "c1e3a5b7d9f24a6c8e0b2d4f6a8c1e3b",
        }),
      );
      expect(filtered.body).toEqual(LastPageFiltered.value);
    });

    test("filters by source, destination, and their types, all at once", async () => {
      const server = await start();
      const list = async (query: Record<string, string>) =>
        ids((await fetchSpecResponse(listUrl(server, query))).body.body);
      const fromRevenueQuery = seedConnections.filter((c) => c.sourceId === revenueQuery);
      expect(fromRevenueQuery).toHaveLength(3);
      expect(await list({ sourceId: revenueQuery })).toEqual(ids(fromRevenueQuery));
      expect(await list({ sourceId: revenueQuery, sourceType: "wdata_query" })).toEqual(
        ids(fromRevenueQuery),
      );
      expect(await list({ sourceId: revenueQuery, sourceType: "wdata_table" })).toEqual([]);
      const intoQ4 = seedConnections.filter((c) => c.destinationId === q4CloseWorkbook);
      expect(intoQ4).toHaveLength(7);
      expect(
        await list({ destinationId: q4CloseWorkbook, destinationType: "spreadsheet" }),
      ).toEqual(ids(intoQ4));
      const both = { sourceId: revenueQuery, destinationId: q4CloseWorkbook };
      expect(await list(both)).toEqual([]);
      expect(await list({ sourceId: "", destinationId: "" })).toEqual(ids(seedConnections));
    });

    test("pages a filtered list with the cursor alone, which carries the filters", async () => {
      const server = await start();
      const query = { destinationId: q4CloseWorkbook, limit: 3 };
      const pages: string[][] = [];
      let { body } = await fetchSpecResponse(listUrl(server, query));
      pages.push(ids(body.body));
      while (body.cursor !== null && pages.length < 10) {
        ({ body } = await fetchSpecResponse(listUrl(server, { cursor: body.cursor })));
        pages.push(ids(body.body));
      }
      expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual(
        ids(seedConnections.filter((c) => c.destinationId === q4CloseWorkbook)),
      );
      // The same filters may be sent beside the cursor; others are refused.
      const page = await fetchSpecResponse(listUrl(server, query));
      const same = await fetchSpecResponse(
        listUrl(server, { cursor: page.body.cursor, destinationId: q4CloseWorkbook }),
      );
      expect(same.status).toBe(200);
      const other = await fetchSpecResponse(
        listUrl(server, { cursor: page.body.cursor, destinationId: "another" }),
      );
      expect(other.status).toBe(400);
      expect(other.body.details).toEqual([
        expect.objectContaining({ code: "invalid_parameter", target: "destinationId" }),
      ]);
    });
  });

  describe("listConnections refuses", () => {
    test.each<[string, Record<string, string>, string[]]>([
      ["a source type without sourceId", { sourceType: "wdata_query" }, ["sourceType"]],
      [
        "a destination type without destinationId",
        { destinationType: "spreadsheet" },
        ["destinationType"],
      ],
      [
        "a source type the list does not filter by",
        { sourceType: "chart_visual", sourceId: "s" },
        ["sourceType"],
      ],
      [
        "a destination type the list does not filter by",
        { destinationType: "esg_program", destinationId: "d" },
        ["destinationType"],
      ],
      ["an unknown type", { sourceType: "excel", sourceId: "s" }, ["sourceType"]],
      ["limit 0", { limit: "0" }, ["limit"]],
      ["limit 1001", { limit: "1001" }, ["limit"]],
      ["a limit that is not a whole number", { limit: "2.5" }, ["limit"]],
      ["a limit that is not a number", { limit: "ten" }, ["limit"]],
      ["a negative offset", { offset: "-1" }, ["offset"]],
      [
        "several problems at once",
        { limit: "0", offset: "x", sourceType: "report" },
        ["sourceType", "limit", "offset"],
      ],
      ["a cursor it did not give", { cursor: "not-a-cursor" }, ["cursor"]],
      ["a cursor with characters outside base64url", { cursor: "eyJ9!" }, ["cursor"]],
      [
        "a cursor whose content was changed",
        { cursor: Buffer.from('{"filters":{},"offset":-5,"limit":2}').toString("base64url") },
        ["cursor"],
      ],
    ])("%s with a MultiError naming each parameter", async (_name, query, targets) => {
      const server = await start();
      const { status, body } = await fetchSpecResponse(listUrl(server, query));
      expect(status).toBe(400);
      expect(body.body).toHaveLength(targets.length);
      expect(body.details.map((detail: { target: string }) => detail.target)).toEqual(targets);
      expect(body.details.map((detail: { message: string }) => detail.message)).toEqual(body.body);
    });

    test("with messages that say what to send", async () => {
      const server = await start();
      const answer = async (query: Record<string, string>) =>
        (await fetchSpecResponse(listUrl(server, query))).body.body;
      expect(await answer({ sourceType: "wdata_query" })).toEqual([
        "sourceType requires sourceId: filtering by type requires the source's ID",
      ]);
      expect(await answer({ limit: "0" })).toEqual(["limit must be between 1 and 1000, got 0"]);
      expect((await answer({ sourceType: "chart_visual", sourceId: "s" }))[0]).toMatch(
        /^sourceType must be one of spreadsheet, .*, esg_program; got "chart_visual"$/,
      );
    });
  });
});
