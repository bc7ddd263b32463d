import type { ErrorDetail } from "@wdata-prep/core";
import { describe, expectTypeOf, test } from "vitest";
import {
  AuthenticationError,
  isPrepError,
  NotFoundError,
  PrepApiError,
  type PrepError,
  RateLimitError,
} from "./errors.ts";

describe("errors", () => {
  test("a caught error narrowed by its class gives typed facts", () => {
    const caught: unknown = null;
    if (caught instanceof PrepApiError) {
      expectTypeOf(caught.status).toEqualTypeOf<number>();
      expectTypeOf(caught.code).toEqualTypeOf<number | undefined>();
      expectTypeOf(caught.details).toEqualTypeOf<ErrorDetail[] | undefined>();
      expectTypeOf(caught.headers).toEqualTypeOf<Headers>();
      expectTypeOf(caught.requestId).toEqualTypeOf<string | undefined>();
      expectTypeOf(caught.body).toBeUnknown();
    }
    if (caught instanceof RateLimitError) {
      expectTypeOf(caught.retryAfterMs).toEqualTypeOf<number | undefined>();
    }
    if (caught instanceof AuthenticationError) {
      expectTypeOf(caught.oauthError).toEqualTypeOf<string | undefined>();
      expectTypeOf(caught.oauthErrorDescription).toEqualTypeOf<string | undefined>();
    }
  });

  test("every API error is a PrepApiError and a PrepError; other errors are not", () => {
    expectTypeOf<NotFoundError>().toExtend<PrepApiError>();
    expectTypeOf<PrepApiError>().toExtend<PrepError>();
    expectTypeOf<Error>().not.toExtend<PrepError>();
  });

  test("isPrepError narrows", () => {
    const caught: unknown = null;
    if (isPrepError(caught)) expectTypeOf(caught).toEqualTypeOf<PrepError>();
  });

  test("an error is made from a status, a body and headers", () => {
    new NotFoundError(404, { body: "gone", code: 404 }, new Headers());
    new PrepApiError(502, "<html>", undefined, "502 from the gateway");
    // @ts-expect-error the status is a number
    new NotFoundError("404", {});
  });
});
