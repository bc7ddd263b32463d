// The spec's request examples describe the embedded API's own seeded world: each one, sent to a
// fresh server, is answered with the success the spec shows for it.
import { resolveRef, spec } from "@wdata-prep/checks/spec";
import { describe, expect, test } from "vitest";
import { sendJson, transports } from "../test/api.ts";

type Example = { value: unknown };
type Operation = {
  operationId: string;
  requestBody?: { content: Record<string, { examples?: Record<string, Example> }> };
};

const requestExamples = Object.entries(spec.paths as Record<string, Record<string, Operation>>)
  .flatMap(([path, item]) => Object.values(item).map((operation) => ({ path, operation })))
  .flatMap(({ path, operation }) =>
    Object.entries(operation.requestBody?.content["application/json"]?.examples ?? {}).map(
      ([name, example]) => ({
        label: `${operation.operationId} ${name}`,
        path,
        value: resolveRef<Example>(example).value,
      }),
    ),
  );

describe.each(transports)("over $name", ({ start }) => {
  describe("the spec's request examples", () => {
    test("exist for both POSTs", () => {
      expect(new Set(requestExamples.map(({ label }) => label.split(" ")[0]))).toEqual(
        new Set(["refreshConnection", "refreshBatch"]),
      );
    });

    test.each(requestExamples)(
      "$label is answered 200 by the embedded API",
      async ({ path, value }) => {
        const server = await start({ runDurationMs: 0 });
        const connectionId = Array.isArray(value)
          ? ""
          : (value as { connectionId: string }).connectionId;
        const url = `${server.url}${path.replace("{connectionId}", connectionId)}`;

        const { status, body } = await sendJson(url, value);

        expect(status, JSON.stringify(body)).toBe(200);
      },
    );
  });
});
