/**
 * Marks every `PrepError`. `Symbol.for` gives the same symbol in every bundle and realm, so
 * `isPrepError` recognises errors from another copy of the package.
 */
export const prepErrorBrand: unique symbol = Symbol.for("@wdata-prep/fetch.PrepError");
