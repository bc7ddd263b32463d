import { PrepError } from "../errors.ts";

/** Throws a `PrepError` with `message` unless `ok`: the check of every input. */
export function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new PrepError(message);
}
