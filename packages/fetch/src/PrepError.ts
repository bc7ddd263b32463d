import { prepErrorBrand } from "./internal/prepErrorBrand.ts";

/**
 * The base class of every error the client throws. To test for it across bundles or realms,
 * use `isPrepError(error)` rather than `instanceof`.
 */
export class PrepError extends Error {
  override name = "PrepError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, prepErrorBrand, { value: true });
  }

  /** The error as plain data for logs and `JSON.stringify`: its own fields, never a secret. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }
}
