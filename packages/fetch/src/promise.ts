// The promise every method of the client returns: a real `Promise` of the data, which also gives
// the response the data came from.

/** The data of a call and the response it was read from, before `withResponse()` reads its ID. */
export type Result<T> = Pick<WithResponse<T>, "data" | "response">;

/** What `withResponse()` resolves to: the data, and the response it was read from. */
export interface WithResponse<T> {
  /** What the promise itself resolves to. */
  data: T;
  /**
   * The response the data was read from (of a wait, its last status request), its body already
   * read.
   */
  response: Response;
  /** The `x-request-id` header of `response`, when present: quote it to Workiva support. */
  requestId: string | undefined;
}

/**
 * A `Promise` of what a method of the client resolves to, with `withResponse()` for the response
 * behind it. `then`, `catch` and `finally` work as on any promise, and give plain promises.
 */
export class PrepPromise<T> extends Promise<T> {
  /** The promises `then`, `catch` and `finally` make are plain `Promise`s. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  readonly #result: () => Promise<Pick<WithResponse<T>, "data" | "response">>;

  /**
   * @param result Gives the result: the same promise each time for a request already sent, or
   * one that sends it when first asked (see `ConnectionList`).
   * @internal
   */
  constructor(result: () => Promise<Pick<WithResponse<T>, "data" | "response">>) {
    // The promise's own state is never used: every way of reading it goes through `then`, which
    // reads `result` instead.
    super(() => {});
    this.#result = result;
  }

  /** Resolves to the data with the response it was read from, and its request ID. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result().then(({ data, response }) => ({
      data,
      response,
      requestId: response.headers.get("x-request-id") ?? undefined,
    }));
  }

  // biome-ignore lint/suspicious/noThenProperty: a promise has `then`; this one reads `result`
  override then<Fulfilled = T, Rejected = never>(
    onFulfilled?: ((value: T) => Fulfilled | PromiseLike<Fulfilled>) | null,
    onRejected?: ((reason: unknown) => Rejected | PromiseLike<Rejected>) | null,
  ): Promise<Fulfilled | Rejected> {
    // One step: the data goes to `onFulfilled` (or on, without one), a rejection to `onRejected`.
    return this.#result().then(
      ({ data }) =>
        typeof onFulfilled === "function" ? onFulfilled(data) : (data as unknown as Fulfilled),
      onRejected,
    );
  }
}

/**
 * Starts `run` at once, and returns its result as a `PrepPromise`; what `run` throws, such as a
 * `PrepError` for bad input, is its rejection.
 */
export function prepPromise<T>(run: () => Promise<Result<T>>): PrepPromise<T> {
  let result: Promise<Result<T>>;
  try {
    result = run();
  } catch (error) {
    result = Promise.reject(error);
  }
  return new PrepPromise(() => result);
}
