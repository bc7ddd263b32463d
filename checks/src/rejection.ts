import { expect } from "vitest";

// biome-ignore lint/suspicious/noExplicitAny: a constructor of any error class, whatever its parameters
type ErrorClass<E extends Error> = abstract new (...args: any[]) => E;

/**
 * The error that `run` throws or rejects with (synchronously or not), asserted to be an instance
 * of `errorClass` and typed as one, so a test can read its fields. Fails the test when nothing
 * is thrown or the error is of another class.
 *
 * @example
 * const error = await rejectsWith(prep.getConnection("missing"), NotFoundError);
 * expect(error.status).toBe(404);
 */
export async function rejectsWith<E extends Error>(
  run: Promise<unknown> | (() => unknown),
  errorClass: ErrorClass<E>,
): Promise<E> {
  let thrown: unknown;
  try {
    await (typeof run === "function" ? run() : run);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a rejection with ${errorClass.name}`).toBeInstanceOf(errorClass);
  return thrown as E;
}
