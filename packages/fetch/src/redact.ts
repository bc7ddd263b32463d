// The client's own credentials, kept out of what it quotes from a response: a server may echo a
// request's `Authorization` header, or its token, in an error body, a header or an OAuth
// `error_description`. Every error built from a response (`createApiError`), every error of a
// wait that holds a run it read, and every log line quotes it through the `Secrets` of its
// client, which replaces each credential with `[redacted]`.

/** What stands in for a credential in quoted text. */
const redacted = "[redacted]";

/**
 * The fewest characters a credential needs to be redacted: a shorter one (no real token or
 * secret is) cannot be told from ordinary text, and replacing it would garble every message.
 */
const shortestSecret = 8;

/** How many of the tokens that change (from a token function or client credentials) are kept. */
const rememberedTokens = 8;

/** The credentials of one client, or of one token provider, and the rule that redacts them. */
export interface Secrets {
  /**
   * Adds a credential, with the forms it may be echoed in: as it is, URL-encoded (as in a form
   * or a query) and in base64 (as in a Basic `Authorization` header). A `lasting` one (a client
   * secret, a fixed token) is kept for good; of the others, tokens that are renewed, the last
   * eight are kept.
   */
  add(secret: string, lasting?: boolean): void;
  /** `text` with each credential, in each of its forms, replaced by `[redacted]`. */
  text(text: string): string;
  /**
   * A copy of `value`, parsed JSON such as a response body, whose strings and keys are
   * redacted as `text` does, however deep; a value that is not a string, array or object is
   * returned as it is.
   */
  value<T>(value: T): T;
  /** A copy of `headers` with each value redacted. */
  headers(headers: Headers): Headers;
}

/** Creates the `Secrets` of a client or a token provider, holding no credential yet. */
export function createSecrets(): Secrets {
  const lasting: string[] = [];
  let renewed: string[][] = [];
  /** Every form of every credential, the longest first, so that none is cut by a shorter one. */
  let forms: string[] = [];

  const text = (quoted: string) => {
    let result = quoted;
    for (const form of forms) result = result.replaceAll(form, redacted);
    return result;
  };

  return {
    add(secret, keep = false) {
      if (secret.length < shortestSecret || lasting.includes(secret)) return;
      if (renewed.some((token) => token[0] === secret)) return;
      const variants = [
        secret,
        encodeURIComponent(secret),
        new URLSearchParams({ s: secret }).toString().slice(2),
        base64(secret),
      ];
      if (keep) lasting.push(...variants);
      else renewed = [variants, ...renewed].slice(0, rememberedTokens);
      forms = [...new Set([...lasting, ...renewed.flat()])].sort((a, b) => b.length - a.length);
    },
    text,
    value(value) {
      if (typeof value === "string") return text(value) as typeof value;
      if (typeof value !== "object" || value === null) return value;
      // A stack rather than recursion: a body may be nested deeper than the call stack.
      const copy = emptyLike(value);
      const stack: [object, Record<string, unknown>][] = [[value, copy]];
      for (let next = stack.pop(); next; next = stack.pop()) {
        const [from, to] = next;
        for (const [key, item] of Object.entries(from)) {
          let quoted = item;
          if (typeof item === "string") quoted = text(item);
          else if (typeof item === "object" && item !== null) {
            quoted = emptyLike(item);
            stack.push([item, quoted as Record<string, unknown>]);
          }
          // Defined, not assigned: a key such as `__proto__` stays a key of the copy.
          Object.defineProperty(to, Array.isArray(from) ? key : text(key), {
            value: quoted,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      }
      return copy as typeof value;
    },
    headers(headers) {
      const copy = new Headers();
      headers.forEach((value, name) => {
        copy.append(name, text(value));
      });
      return copy;
    },
  };
}

/** An empty array for an array, else an empty object: the start of a copy of `value`. */
function emptyLike(value: object): Record<string, unknown> {
  return (Array.isArray(value) ? [] : {}) as Record<string, unknown>;
}

/** `value` in base64, from its UTF-8 bytes. */
function base64(value: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(value)));
}
