import type { Connection } from "@wdata-prep/core";
import type { ListConnectionsParams } from "./connections.ts";
import { PrepError } from "./errors.ts";

// Cursor paging of `listConnections`: a page and the next one, when the walk ends, and the
// lazy list that is both the first page (awaited) and every connection (iterated).

/**
 * One page of `listConnections`: its connections, and the way to the next page. (Core's type
 * of the same name is the response envelope this page is read from.)
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
  nextPage(): Promise<ConnectionPage>;
}

/**
 * What `listConnections` returns, before anything is requested: awaited, the first page;
 * iterated with `for await`, every connection, page after page; `pages()`, every page.
 */
export interface ConnectionList extends PromiseLike<ConnectionPage>, AsyncIterable<Connection> {
  /** Every page, from the first, each requested when the loop asks for it. */
  pages(): AsyncIterableIterator<ConnectionPage>;
}

/**
 * The list of the connections that `query` asks for, each page got with `getPage`. The first
 * page is requested once awaited (once, however often, unless it failed), and each walk with
 * `for await` or `pages()` requests every page once.
 */
export function createConnectionList(
  getPage: (query: ListConnectionsParams) => Promise<{ items: Connection[]; cursor: unknown }>,
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
  ): Promise<ConnectionPage> {
    const { items, cursor: received } = await getPage(sent);
    const walked = sent.cursor === undefined ? before : new Set(before).add(sent.cursor);
    const cursor =
      typeof received === "string" && received !== "" && !walked.has(received)
        ? received
        : undefined;
    return {
      items,
      cursor,
      hasNextPage: () => cursor !== undefined,
      // The next page is named by the cursor, with the same filters: `limit` is ignored beside
      // a cursor, and `offset` already applied to the first page.
      nextPage: async () => {
        if (cursor === undefined) throw new PrepError("This is the last page: there is no next");
        const { limit, offset, ...filters } = sent;
        return load({ ...filters, cursor }, walked);
      },
    };
  }

  async function* pages(): AsyncIterableIterator<ConnectionPage> {
    let page = await load(query, new Set());
    yield page;
    while (page.hasNextPage()) {
      page = await page.nextPage();
      yield page;
    }
  }

  let first: Promise<ConnectionPage> | undefined;
  return {
    // biome-ignore lint/suspicious/noThenProperty: the list is awaitable on purpose, as its first page
    then(onFulfilled, onRejected) {
      // Only a success is kept: a first page that failed is asked for again next time.
      first ??= load(query, new Set()).catch((error: unknown) => {
        first = undefined;
        throw error;
      });
      return first.then(onFulfilled, onRejected);
    },
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.items;
    },
  };
}
