// `@wdata-prep/core/internal`: rules that more than one wdata-prep package applies to what users
// give them. Each lives here once, so the client, the hooks, the embedded API and the example
// app give the same answer for the same input. Not covered by semver: a minor or patch release
// may change or remove any of it. Users' code reads the rules in the packages' docs instead.

/**
 * What a bearer token may contain to be sent (and accepted) in an `Authorization` header:
 * one or more visible ASCII characters, no spaces. Tokens from Workiva fit it; a value with a
 * line break, a space or a character above U+007E is refused before anything is sent.
 * @internal
 */
export const BEARER_TOKEN_PATTERN: RegExp = /^[\x21-\x7e]+$/;

/**
 * The longest delay a timer honours, in milliseconds: 2³¹ − 1, about 24.8 days. `setTimeout`
 * and `setInterval`, in browsers and in Node, fire a timer with a longer delay at once, so a
 * time limit or a poll interval above it would end at once or poll without pause: every
 * wdata-prep package refuses one.
 * @internal
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * The host names (as `URL#hostname` gives them) to which plain `http:` may carry a token: this
 * machine only — `localhost`, an address in 127.0.0.0/8, or `[::1]`. Any other host needs
 * `https:`. Subdomains of `localhost` are refused: outside browsers they may resolve through DNS.
 * @internal
 */
export const LOOPBACK_HOSTNAME_PATTERN: RegExp =
  /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;
