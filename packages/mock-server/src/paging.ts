// Paging through `listConnections`: its filters, `limit` and `offset`, and the opaque cursor
// that carries a page's position, size and filters to the next request.
import {
  type Connection,
  DESTINATION_TYPE_FILTERS,
  LIST_CONNECTIONS_LIMIT_DEFAULT,
  LIST_CONNECTIONS_LIMIT_MAX,
  LIST_CONNECTIONS_LIMIT_MIN,
  SOURCE_TYPE_FILTERS,
} from "@wdata-prep/core";
import type { Problem } from "./answers.ts";
import { isObject } from "./input.ts";

/** The filters of one list, each given or not. */
interface Filters {
  sourceType?: (typeof SOURCE_TYPE_FILTERS)[number];
  sourceId?: string;
  destinationType?: (typeof DESTINATION_TYPE_FILTERS)[number];
  destinationId?: string;
}

/** Which page to answer: the filters, the position of its first connection and its size. */
export interface PageRequest {
  filters: Filters;
  offset: number;
  limit: number;
}

/** The two sides a list filters by: a type filter, the values it takes, and the ID it needs. */
const sides = [
  { side: "source", type: "sourceType", values: SOURCE_TYPE_FILTERS, id: "sourceId" },
  {
    side: "destination",
    type: "destinationType",
    values: DESTINATION_TYPE_FILTERS,
    id: "destinationId",
  },
] as const;

const filterNames = ["sourceType", "sourceId", "destinationType", "destinationId"] as const;

/**
 * Reads the query of `listConnections` into the page to answer, or every problem with it. An
 * empty value counts as not given. With a `cursor`, the page comes from the cursor: `limit` and
 * `offset` are ignored, and a filter given beside it must be the cursor's.
 */
export function readPageRequest(query: Readonly<Record<string, string>>): PageRequest | Problem[] {
  const given = (name: string) => query[name] || undefined;
  const problems: Problem[] = [];
  const filters = readFilters(
    Object.fromEntries(filterNames.map((name) => [name, given(name)])),
    problems,
  );

  const cursor = given("cursor");
  if (cursor !== undefined) {
    const page = decodeCursor(cursor);
    if (!page) {
      problems.push(
        invalid(
          "cursor",
          "cursor is not one this server gave: send back a page's cursor as it came",
        ),
      );
    } else {
      const changed = filterNames.filter(
        (name) => filters[name] !== undefined && filters[name] !== page.filters[name],
      );
      if (changed.length > 0) {
        problems.push(
          invalid(
            changed[0] as string,
            `${changed.join(", ")} must be left out or be the same as for the first page when a cursor is given`,
          ),
        );
      }
    }
    return problems.length > 0 || !page ? problems : page;
  }

  const limit = readWholeNumber(given("limit"), LIST_CONNECTIONS_LIMIT_DEFAULT);
  if (
    limit === undefined ||
    limit < LIST_CONNECTIONS_LIMIT_MIN ||
    limit > LIST_CONNECTIONS_LIMIT_MAX
  ) {
    problems.push(
      invalid(
        "limit",
        `limit must be between ${LIST_CONNECTIONS_LIMIT_MIN} and ${LIST_CONNECTIONS_LIMIT_MAX}, got ${query.limit}`,
      ),
    );
  }
  const offset = readWholeNumber(given("offset"), 0);
  if (offset === undefined) {
    problems.push(
      invalid("offset", `offset must be a whole number, 0 or more, got ${query.offset}`),
    );
  }
  if (problems.length > 0 || limit === undefined || offset === undefined) return problems;
  return { filters, offset, limit };
}

/**
 * Answers one page: the connections that pass the filters, in the order they are served, from
 * `offset`, at most `limit` of them, and the cursor of the next page (`null` on the last one).
 */
export function answerPage(
  connections: Iterable<Connection>,
  { filters, offset, limit }: PageRequest,
): { body: Connection[]; cursor: string | null } {
  const matching = [...connections].filter((connection) =>
    filterNames.every((name) => filters[name] === undefined || connection[name] === filters[name]),
  );
  const next = offset + limit;
  return {
    body: matching.slice(offset, next),
    cursor: next < matching.length ? encodeCursor({ filters, offset: next, limit }) : null,
  };
}

/** Checks the filters, adding a problem for a type outside its enum or without its ID. */
function readFilters(values: Partial<Record<keyof Filters, string>>, problems: Problem[]): Filters {
  const filters: [keyof Filters, string][] = [];
  for (const { side, type, values: types, id } of sides) {
    const typeValue = values[type];
    const idValue = values[id];
    if (idValue !== undefined) filters.push([id, idValue]);
    if (typeValue === undefined) continue;
    if (!(types as readonly string[]).includes(typeValue)) {
      problems.push(
        invalid(type, `${type} must be one of ${types.join(", ")}; got "${typeValue}"`),
      );
    } else if (idValue === undefined) {
      problems.push(
        invalid(type, `${type} requires ${id}: filtering by type requires the ${side}'s ID`),
      );
    } else {
      filters.push([type, typeValue]);
    }
  }
  // Each type is one of its filter's values, checked above.
  return Object.fromEntries(filters) as Filters;
}

/** A whole number written in decimal digits, the fallback when not given, or `undefined`. */
function readWholeNumber(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) return undefined;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : undefined;
}

function invalid(target: string, message: string): Problem {
  return { target, code: "invalid_parameter", message };
}

/** A cursor is the page it names, as base64url-encoded JSON (without padding). */
function encodeCursor(page: PageRequest): string {
  const bytes = new TextEncoder().encode(JSON.stringify(page));
  const binary = Array.from(bytes, (byte) => String.fromCharCode(byte)).join("");
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The text of a base64url string, or `undefined` when it is not one. */
function decodeBase64Url(encoded: string): string | undefined {
  try {
    const binary = atob(encoded.replaceAll("-", "+").replaceAll("_", "/"));
    return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/**
 * The page a cursor names, or `undefined` for anything this server did not give: a cursor is
 * taken only if encoding what it names gives it back.
 */
function decodeCursor(cursor: string): PageRequest | undefined {
  const text = decodeBase64Url(cursor);
  if (text === undefined) return undefined;
  let page: unknown;
  try {
    page = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(page) || !isObject(page.filters)) return undefined;
  const { filters, offset, limit } = page;
  if (!Object.values(filters).every((value) => typeof value === "string" && value !== "")) {
    return undefined;
  }
  if (
    !Number.isSafeInteger(offset) ||
    (offset as number) < 0 ||
    !Number.isSafeInteger(limit) ||
    (limit as number) < LIST_CONNECTIONS_LIMIT_MIN ||
    (limit as number) > LIST_CONNECTIONS_LIMIT_MAX
  ) {
    return undefined;
  }
  const problems: Problem[] = [];
  const decoded = {
    filters: readFilters(filters as Record<string, string>, problems),
    offset: offset as number,
    limit: limit as number,
  };
  return problems.length === 0 && encodeCursor(decoded) === cursor ? decoded : undefined;
}
