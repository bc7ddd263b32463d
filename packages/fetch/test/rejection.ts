/**
 * The error that `run` throws or rejects with, synchronously or not (or that a promise already
 * made rejects with); fails the test if there is none. Typed as an `Error` for reading its
 * fields: the tests assert its class themselves.
 */
export async function rejection(run: Promise<unknown> | (() => unknown)): Promise<Error> {
  try {
    await (typeof run === "function" ? run() : run);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}
