// What the API answers: a status, a JSON body and headers, and the error bodies it sends.
import type {
  ConnectionPageResponse,
  ConnectionResponse,
  ConnectionRunResponse,
  ErrorDetail,
  ErrorResponse,
  RefreshBatchResponse,
} from "@wdata-prep/core";

/** What the mock server answers to one request: a status, a JSON body and extra headers. */
export interface MockAnswer {
  status: number;
  body:
    | ConnectionResponse
    | ConnectionPageResponse
    | ConnectionRunResponse
    | RefreshBatchResponse
    | ErrorResponse;
  headers?: Record<string, string>;
}

/**
 * One thing wrong with a request: what it is about (`target`, such as `limit` or
 * `[3].connectionId`), a code and a message. It becomes one `ErrorDetail` of the answer.
 */
export interface Problem {
  target: string;
  code: string;
  message: string;
}

/** An error answer with a `SingleError` body whose `code` is the HTTP status. */
export function errorAnswer(
  status: number,
  message: string,
  extra: { headers?: Record<string, string>; details?: ErrorDetail[] } = {},
): MockAnswer {
  const body = extra.details
    ? { body: message, code: status, details: extra.details }
    : { body: message, code: status };
  return extra.headers ? { status, body, headers: extra.headers } : { status, body };
}

/**
 * A 400 answer with a `MultiError` body: one message per problem in `body`, and each problem
 * in `details` with its `target`.
 */
export function badRequest(problems: readonly Problem[]): MockAnswer {
  return {
    status: 400,
    body: {
      body: problems.map((problem) => problem.message),
      code: 400,
      details: problems.map(({ code, message, target }) => ({ code, message, target })),
    },
  };
}

/** A 400 answer with a `SingleError` body naming the parameter at fault in `details[0].target`. */
export function invalidParameter(target: string, message: string): MockAnswer {
  return errorAnswer(400, message, {
    details: [{ code: "invalid_parameter", message, target }],
  });
}
