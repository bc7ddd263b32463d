import { describe, expect, test } from "vitest";
import { connectionUrl, first, transports } from "../test/api.ts";
import { fetchSpecResponse } from "../test/fetchSpecResponse.ts";
import { seedConnections } from "./seed.ts";

describe.each(transports)("over $name", ({ start }) => {
  describe("getConnection", () => {
    test("answers every seeded connection in the spec's { body, code } envelope", async () => {
      const server = await start();
      for (const connection of seedConnections) {
        const { status, body } = await fetchSpecResponse(
          connectionUrl(server, connection.connectionId as string),
        );
        expect(status).toBe(200);
        expect(body).toEqual({ body: connection, code: 200 });
      }
    });

    test("answers when workspaceId is the connection's workspace, or empty", async () => {
      const server = await start();
      const matching = await fetchSpecResponse(
        connectionUrl(server, first.connectionId, `?workspaceId=${first.workspaceId}`),
      );
      expect(matching.status).toBe(200);
      const empty = await fetchSpecResponse(
        connectionUrl(server, first.connectionId, "?workspaceId="),
      );
      expect(empty.status).toBe(200);
    });

    test("answers 404 for an unknown ID", async () => {
      const server = await start();
      const { status, body } = await fetchSpecResponse(connectionUrl(server, "nope"));
      expect(status).toBe(404);
      expect(body).toEqual({ body: "Connection nope not found", code: 404 });
    });

    test("answers 404 when workspaceId is another workspace", async () => {
      const server = await start();
      const other = seedConnections.find((c) => c.workspaceId !== first.workspaceId)?.workspaceId;
      const { status, body } = await fetchSpecResponse(
        connectionUrl(server, first.connectionId, `?workspaceId=${other}`),
      );
      expect(status).toBe(404);
      expect(body.body).toBe(`Connection ${first.connectionId} not found in workspace ${other}`);
    });

    test("answers 400 for a workspaceId over 40 characters, counted as the spec counts them", async () => {
      const server = await start();
      const tooLong = await fetchSpecResponse(
        connectionUrl(server, first.connectionId, `?workspaceId=${"a".repeat(41)}`),
      );
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.body).toBe("workspaceId must be at most 40 characters, got 41");
      expect(tooLong.body.details).toEqual([
        { code: "invalid_parameter", message: tooLong.body.body, target: "workspaceId" },
      ]);
      for (const longest of ["a".repeat(40), "🌍".repeat(40)]) {
        const { status } = await fetchSpecResponse(
          connectionUrl(server, first.connectionId, `?workspaceId=${encodeURIComponent(longest)}`),
        );
        expect(status).toBe(404);
      }
    });

    test("decodes the percent-encoded ID, and answers 400 for broken encoding", async () => {
      const server = await start({
        connections: [
          { connectionId: "a/b", name: "Slash" },
          { connectionId: "Q3 revenue", name: "Space" },
        ],
      });
      const slash = await fetchSpecResponse(connectionUrl(server, "a%2Fb"));
      expect(slash.body.body.name).toBe("Slash");
      const space = await fetchSpecResponse(
        connectionUrl(server, encodeURIComponent("Q3 revenue")),
      );
      expect(space.body.body.name).toBe("Space");
      const broken = await fetchSpecResponse(connectionUrl(server, "%E0%A4%A"));
      expect(broken.status).toBe(400);
      expect(broken.body.details[0].target).toBe("connectionId");
    });

    test("answers 404 in the same shape for every path the spec does not describe", async () => {
      const server = await start();
      const id = first.connectionId;
      for (const path of [
        "/",
        "/api/v1/connections/",
        `/api/v1/connections/${id}/`,
        `/api/v1/connections/${id}/runs`,
        `/api/v2/connections/${id}`,
        `/s/wdata/prep/api/v1/connections/${id}`,
      ]) {
        const { status, body } = await fetchSpecResponse(`${server.url}${path}`);
        expect(status, path).toBe(404);
        expect(body).toEqual({ body: `No route for GET ${path}`, code: 404 });
      }
    });

    test("answers 405 with Allow: GET for another method on a connection", async () => {
      const server = await start();
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const { status, headers, body } = await fetchSpecResponse(
          connectionUrl(server, first.connectionId),
          { method, body: method === "DELETE" ? null : "{}" },
        );
        expect(status, method).toBe(405);
        expect(headers.get("allow")).toBe("GET");
        expect(body.body).toContain(method);
      }
    });
  });

  describe("token", () => {
    test("requires no token when none is set", async () => {
      const server = await start();
      const { status } = await fetchSpecResponse(connectionUrl(server, first.connectionId));
      expect(status).toBe(200);
    });

    test("answers 401 for a missing or wrong bearer token, before anything else", async () => {
      const server = await start({ token: "s3cret-token" });
      const attempts: [string, Record<string, string>][] = [
        ["missing", {}],
        ["wrong token", { authorization: "Bearer not-it" }],
        ["other scheme", { authorization: "Basic czNjcmV0LXRva2Vu" }],
        ["no token after the scheme", { authorization: "Bearer" }],
      ];
      for (const [name, headers] of attempts) {
        const answer = await fetchSpecResponse(connectionUrl(server, first.connectionId), {
          headers,
        });
        expect(answer.status, name).toBe(401);
        expect(answer.headers.get("www-authenticate"), name).toMatch(/^Bearer realm="Wdata Prep"/);
        expect(JSON.stringify(answer.body)).not.toContain("s3cret");
      }
      const unknownPath = await fetchSpecResponse(`${server.url}/elsewhere`);
      expect(unknownPath.status).toBe(401);
    });

    test("accepts the right token, whatever the case of the scheme name", async () => {
      const server = await start({ token: "s3cret-token" });
      for (const authorization of ["Bearer s3cret-token", "bearer s3cret-token"]) {
        const { status } = await fetchSpecResponse(connectionUrl(server, first.connectionId), {
          headers: { authorization },
        });
        expect(status, authorization).toBe(200);
      }
    });
  });
});
