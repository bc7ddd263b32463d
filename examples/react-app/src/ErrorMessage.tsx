import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  LockedError,
  NotFoundError,
  PermissionDeniedError,
  PrepApiError,
  PrepConnectionError,
  PrepConnectionTimeoutError,
  type PrepError,
  RateLimitError,
} from "@wdata-prep/fetch";
import type { ReactNode } from "react";

/** What a person is told about a failure: a title and the lines under it. */
interface Description {
  title: string;
  lines: string[];
}

/**
 * The messages of an error body: `body` of a `SingleError` (one) or of a `MultiError` (one per
 * problem, each naming what is at fault), else the error's own message.
 */
export function apiMessages(error: PrepApiError): string[] {
  const { body } = error;
  const message =
    typeof body === "object" && body !== null && "body" in body ? body.body : undefined;
  if (typeof message === "string" && message !== "") return [message];
  if (Array.isArray(message) && message.length > 0) return message.map(String);
  return [error.message];
}

function describe(
  error: PrepError,
  { notFound, refused }: { notFound?: Description; refused?: string },
): Description {
  if (error instanceof NotFoundError) {
    return notFound ?? { title: "Not found", lines: apiMessages(error) };
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return {
      title: "Not authorised",
      lines: [
        "The Prep API refused the app's credentials. Check WORKIVA_CLIENT_ID and WORKIVA_CLIENT_SECRET on the app's server.",
      ],
    };
  }
  if (error instanceof RateLimitError) {
    const wait =
      error.retryAfterMs === undefined ? "" : ` in ${Math.ceil(error.retryAfterMs / 1000)} s`;
    return {
      title: "Rate limited",
      lines: [`The Prep API is receiving too many requests. Try again${wait || " shortly"}.`],
    };
  }
  if (
    error instanceof PrepConnectionError ||
    error instanceof PrepConnectionTimeoutError ||
    (error instanceof PrepApiError && (error.status === 502 || error.status === 504))
  ) {
    return {
      title: "Network failure",
      lines: ["The Prep API could not be reached. Check the connection and try again."],
    };
  }
  // The API turned the request down and said why: its own words, naming what is at fault.
  if (
    error instanceof BadRequestError ||
    error instanceof ConflictError ||
    error instanceof LockedError
  ) {
    return { title: refused ?? "Invalid request", lines: apiMessages(error) };
  }
  return { title: "Something went wrong", lines: [error.message] };
}

/**
 * A clear message for each kind of failure, with a way to try again when that can help.
 * `notFound` says what a 404 means here; `refused` titles the API's refusal of a request
 * (400, 409, 423), whose messages are shown as the API gave them.
 */
export function ErrorMessage({
  error,
  notFound,
  refused,
  onRetry,
  level = 2,
  children,
}: {
  error: PrepError;
  notFound?: Description;
  refused?: string;
  onRetry?: () => void;
  /** The level of the message's heading: 2 in place of a view, 3 inside one. */
  level?: 2 | 3;
  /** More to say under the message. */
  children?: ReactNode;
}) {
  const { title, lines } = describe(error, { notFound, refused });
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div role="alert" className="error">
      <Heading>{title}</Heading>
      {lines.length === 1 ? (
        <p>{lines[0]}</p>
      ) : (
        <ul className="api-messages">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {children}
      {error instanceof PrepApiError && error.requestId && (
        <p className="request-id">Request ID: {error.requestId}</p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
