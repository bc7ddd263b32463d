import {
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  PrepApiError,
  PrepConnectionError,
  type PrepError,
  PrepTimeoutError,
  RateLimitError,
} from "@wdata-prep/fetch";

function describe(error: PrepError, connectionId: string): { title: string; detail: string } {
  if (error instanceof NotFoundError) {
    return {
      title: "Connection not found",
      detail: `No connection has the ID “${connectionId}” (in this workspace, if you gave one).`,
    };
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return {
      title: "Not authorised",
      detail:
        "The Prep API refused the app's credentials for this connection. Check WORKIVA_CLIENT_ID and WORKIVA_CLIENT_SECRET on the app's server.",
    };
  }
  if (error instanceof RateLimitError) {
    const wait =
      error.retryAfterMs === undefined ? "" : ` in ${Math.ceil(error.retryAfterMs / 1000)} s`;
    return {
      title: "Rate limited",
      detail: `The Prep API is receiving too many requests. Try again${wait || " shortly"}.`,
    };
  }
  if (
    error instanceof PrepConnectionError ||
    error instanceof PrepTimeoutError ||
    (error instanceof PrepApiError && (error.status === 502 || error.status === 504))
  ) {
    return {
      title: "Network failure",
      detail: "The Prep API could not be reached. Check the connection and try again.",
    };
  }
  if (error instanceof BadRequestError) {
    return { title: "Invalid request", detail: error.message };
  }
  return { title: "Something went wrong", detail: error.message };
}

/** A clear message for each kind of failure, with a way to try again. */
export function ErrorMessage({
  error,
  connectionId,
  onRetry,
}: {
  error: PrepError;
  connectionId: string;
  onRetry: () => void;
}) {
  const { title, detail } = describe(error, connectionId);
  return (
    <div role="alert" className="error">
      <h2>{title}</h2>
      <p>{detail}</p>
      {error instanceof PrepApiError && error.requestId && (
        <p className="request-id">Request ID: {error.requestId}</p>
      )}
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
