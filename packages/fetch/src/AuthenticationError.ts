import { PrepApiError } from "./PrepApiError.ts";

/**
 * 401 from the API (the token is missing, invalid or expired), or a failed request for a
 * client-credentials token, whose OAuth `error` and `error_description` it carries.
 */
export class AuthenticationError extends PrepApiError {
  override name = "AuthenticationError";
  /** The OAuth `error` of a failed token request, such as `invalid_client`. */
  readonly oauthError: string | undefined = oauthField(this.body, "error");
  /** The OAuth `error_description` of a failed token request. */
  readonly oauthErrorDescription: string | undefined = oauthField(this.body, "error_description");
}

function oauthField(body: unknown, name: string): string | undefined {
  const value = Object(body)[name];
  return typeof value === "string" ? value : undefined;
}
