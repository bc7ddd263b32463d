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
   * one whose cursor is absent, `null`, empty, or a cursor already sent on the way to this page
   * (the one it was asked for with, or an earlier one).
   */
  cursor: string | undefined;
  /** Whether a page follows this one. */
  hasNextPage(): boolean;
  /**
   * Gets the next page, with the filters and options of this one. Rejects with a `PrepError`
   * on the last page.
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

  async *[Symbol.asyncIterator](): AsyncIterableIterator<Connection> {
    for await (const page of this.pages()) yield* page.items;
  }
}

/**
 * The list of the connections that `query` asks for, each page got with `getPage`.
 */
export function createConnectionList(
  getPage: (
    query: ListConnectionsParams,
  ) => Promise<Result<{ items: Connection[]; cursor: unknown }>>,
  query: ListConnectionsParams = {},
): ConnectionList {
  /**
   * The page that `sent` asks for. `before` holds the cursors sent earlier in its walk: a
   * cursor that is not a non-empty string, or one already sent in the walk (the one just sent,
   * or an earlier one), ends it, since a server that hands one back (A → B → A) would otherwise
   * make it loop forever. Each page has its own copy, so going on again from an earlier page is
   * a walk of its own.
   */
  async function load(
    sent: ListConnectionsParams,
    before: ReadonlySet<string>,
  ): Promise<Result<ConnectionPage>> {
    const { data, response } = await getPage(sent);
    const { items, cursor: received } = data;
    const walked = sent.cursor === undefined ? before : new Set(before).add(sent.cursor);
    const cursor =
      typeof received === "string" && received !== "" && !walked.has(received)
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
          const { limit, offset, ...filters } = sent;
          return load({ ...filters, cursor }, walked);
        }),
    };
    return { data: page, response };
  }

  let first: Promise<Result<ConnectionPage>> | undefined;
  return new ConnectionList(() => {
    // Only a success is kept: a first page that failed is asked for again next time.
    first ??= load(query, new Set()).catch((error: unknown) => {
      first = undefined;
      throw error;
    });
    return first;
  });
}
