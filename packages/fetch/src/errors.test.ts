import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { runInNewContext } from "node:vm";
import { describe, expect, test } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  isPrepError,
  LockedError,
  NotFoundError,
  PermissionDeniedError,
  PrepAbortError,
  PrepApiError,
  PrepConnectionError,
  PrepError,
  PrepTimeoutError,
  RateLimitError,
  readRetryAfter,
} from "./errors.ts";

const apiErrors = {
  PrepApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  LockedError,
  RateLimitError,
  InternalServerError,
};

const dist = new URL("../dist/index.cjs", import.meta.url);

/** Loads the built CommonJS bundle: another copy of the package. */
function loadBundle(run: (code: string, require: NodeJS.Require) => unknown) {
  let code: string;
  try {
    code = readFileSync(dist, "utf8");
  } catch {
    throw new Error("dist/index.cjs is missing: run `pnpm run build` before the tests");
  }
  return run(code, createRequire(dist));
}

describe("isPrepError", () => {
  test("is true for every error of the package", () => {
    const errors = [
      new PrepError("bad input"),
      new PrepConnectionError(new TypeError("fetch failed")),
      new PrepTimeoutError(100),
      new PrepAbortError(),
      ...Object.values(apiErrors).map((ErrorClass) => new ErrorClass(500, "")),
    ];
    for (const error of errors) expect(isPrepError(error)).toBe(true);
  });

  test("is false for anything else", () => {
    for (const value of [
      new Error("x"),
      new TypeError("x"),
      { name: "PrepError" },
      null,
      undefined,
      "PrepError",
    ]) {
      expect(isPrepError(value)).toBe(false);
    }
  });

  test("each class keeps its name, also as the start of toString()", () => {
    for (const [name, ErrorClass] of Object.entries(apiErrors)) {
      const error = new ErrorClass(404, { body: "gone", code: 404 });
      expect(error.name).toBe(name);
      expect(String(error)).toBe(`${name}: 404 gone`);
      expect(error.stack?.startsWith(`${name}: 404 gone`)).toBe(true);
    }
    expect(new PrepTimeoutError(5).name).toBe("PrepTimeoutError");
  });

  test("recognises errors from another bundle of the package", () => {
    const other = loadBundle((code, require) => {
      const module = { exports: {} as Record<string, new (...args: unknown[]) => Error> };
      new Function("module", "exports", "require", code)(module, module.exports, require);
      return module.exports;
    }) as Record<string, new (...args: unknown[]) => Error>;
    const error = new (other.NotFoundError as typeof NotFoundError)(404, {
      body: "gone",
      code: 404,
    });

    expect(error).not.toBeInstanceOf(PrepError);
    expect(isPrepError(error)).toBe(true);
    expect(error.name).toBe("NotFoundError");
  });

  test("recognises errors from another realm", () => {
    const error = loadBundle((code, require) => {
      const module = { exports: {} };
      const sandbox = { module, exports: module.exports, require, Headers };
      const construct =
        'new module.exports.RateLimitError(429, "", new Headers({ "retry-after": "2" }))';
      return runInNewContext(`${code};\n${construct}`, sandbox);
    }) as RateLimitError;

    expect(error).not.toBeInstanceOf(Error);
    expect(isPrepError(error)).toBe(true);
    expect(error.name).toBe("RateLimitError");
    expect(error.retryAfterMs).toBe(2000);
  });
});

describe("readRetryAfter", () => {
  const now = Date.parse("2026-11-27T12:00:00Z");
  const read = (headers: Record<string, string>) => readRetryAfter(new Headers(headers), now);

  test("is undefined without a header", () => {
    expect(read({})).toBeUndefined();
  });

  test("reads Retry-After in seconds", () => {
    expect(read({ "retry-after": "7" })).toBe(7000);
    expect(read({ "retry-after": "0" })).toBe(0);
  });

  test("reads Retry-After as an HTTP date; a past date means now", () => {
    expect(read({ "retry-after": "Fri, 27 Nov 2026 12:00:30 GMT" })).toBe(30_000);
    expect(read({ "retry-after": "Fri, 27 Nov 2026 11:00:00 GMT" })).toBe(0);
  });

  test("prefers retry-after-ms, which may be fractional", () => {
    expect(read({ "retry-after-ms": "250.5", "retry-after": "7" })).toBe(250.5);
  });

  test("is undefined for a value it cannot read", () => {
    expect(read({ "retry-after": "later" })).toBeUndefined();
    expect(read({ "retry-after-ms": "soon" })).toBeUndefined();
  });
});
