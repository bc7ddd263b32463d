import { prepErrorBrand } from "./internal/prepErrorBrand.ts";
import type { PrepError } from "./PrepError.ts";

/** Whether `value` is a `PrepError`, even one thrown by another copy of the package. */
export function isPrepError(value: unknown): value is PrepError {
  return Object(value) === value && prepErrorBrand in (value as object);
}
