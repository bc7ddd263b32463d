import type { ListConnectionsParams } from "./connections.ts";
import { PrepError } from "./errors.ts";
import { PrepPromise, prepPromise, type Result } from "./promise.ts";
import type { Connection } from "./types.ts";

// Cursor paging of `listConnections`: a page and the next one, when the walk ends, and the
// lazy list that is both the first page (awaited) and every connection (iterated).

/**
 * One page of `listConnections`: its connections, and the way to the next page. (It is read
 * from core's `ConnectionPageResponse`, the envelope of the response.)
 */
export interface ConnectionPage {
  /** The connections of this page, possibly none. */
  items: Connection[];
  /**
   * The cursor of the next page, as the API gave it; `undefined` on the last page, which is the
   * one whose cursor is absent, `null`, empty, or one of the last 16 cursors sent on the way to
   * this page (the one it was asked for with, or an earlier one).
   */
  cursor: string | undefined;
  /** Whether a page follows this one. */
  hasNextPage(): boolean;
  /**
   * Gets the next page, with the filters and options of this one. Rejects with a `PrepError`
   * on the last page, and on the page numbered `maxPages` of the walk.
   */
  nextPage(): PrepPromise<ConnectionPage>;
}

/**
 * What `listConnections` returns: a `Promise` of the first page, requested once it is first
 * awaited (or `then`, `withResponse()`, a walk) and then kept; a first page that failed is
 * requested again the next time. Iterated with `for await`, every connection, page after page;
 * `pages()`, every page. A walk starts from that same first page and requests each later page
 * when the loop asks for it.
 */
export class ConnectionList
  extends PrepPromise<ConnectionPage>
  implements AsyncIterable<Connection>
{
  /** Every page, from the first, each requested when the loop asks for it. */
  async *pages(): AsyncIterableIterator<ConnectionPage> {
    let page: ConnectionPage = await this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.nextPage();
      yield page;
    }
  }

  /** Every connection, page after page, each page requested when the loop reaches it. */
  async *[Symbol.asyncIterator](): AsyncIterableIterator<Connection> {
    for await (const page of this.pages()) yield* page.items;
  }
}

/** How many of the cursors a walk sent last it remembers, to end on one it is handed again. */
const rememberedCursors = 16;

/** The most pages one walk requests, unless `maxPages` says otherwise. */
const defaultMaxPages = 100_000;

/** Where a page stands in its walk. */
interface Walk {
  /** The cursors sent last on the way to the page, at most `rememberedCursors`, oldest first. */
  recent: readonly string[];
  /** The page's number in the walk, from 1 for the first. */
  number: number;
}

/**
 * The list of the connections that `query` asks for, each page got with `getPage`, a walk
 * ending with a `PrepError` after `maxPages` pages.
 */
export function createConnectionList(
  getPage: (
    query: ListConnectionsParams,
  ) => Promise<Result<{ items: Connection[]; cursor: unknown }>>,
  query: ListConnectionsParams = {},
  maxPages: number = defaultMaxPages,
): ConnectionList {
  /**
   * The page that `sent` asks for. A cursor that is not a non-empty string, or one of the last
   * 16 sent in its walk (the one just sent, or an earlier one, as in A → B → A), ends the walk,
   * since a server that hands one back would otherwise make it loop forever. Remembering 16
   * keeps each page's cost and memory the same however long the walk: a longer cycle goes
   * round until `maxPages`. Each page has its own copy, so going on again from an earlier page
   * is a walk of its own.
   */
  async function load(sent: ListConnectionsParams, walk: Walk): Promise<Result<ConnectionPage>> {
    const { data, response } = await getPage(sent);
    const { items, cursor: received } = data;
    const { number } = walk;
    const recent =
      sent.cursor === undefined
        ? walk.recent
        : [...walk.recent.slice(1 - rememberedCursors), sent.cursor];
    const cursor =
      typeof received === "string" && received !== "" && !recent.includes(received)
        ? received
        : undefined;
    const page: ConnectionPage = {
      items,
      cursor,
      hasNextPage: () => cursor !== undefined,
      // The next page is named by the cursor, with the same filters: `limit` is ignored beside
      // a cursor, and `offset` already applied to the first page.
      nextPage: () =>
        prepPromise(() => {
          if (cursor === undefined) throw new PrepError("This is the last page: there is no next");
          if (number >= maxPages) {
            throw new PrepError(
              `listConnections reached maxPages (${maxPages}) with pages still to come: give a larger maxPages to walk further`,
            );
          }
          const { limit, offset, ...filters } = sent;
          return load({ ...filters, cursor }, { recent, number: number + 1 });
        }),
    };
    return { data: page, response };
  }

  let first: Promise<Result<ConnectionPage>> | undefined;
  return new ConnectionList(() => {
    // Only a success is kept: a first page that failed is asked for again next time.
    first ??= load(query, { recent: [], number: 1 }).catch((error: unknown) => {
      first = undefined;
      throw error;
    });
    return first;
  });
}
