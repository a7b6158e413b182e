// The error classes live in @digitkit/core; mnist-data re-exports the ones its API throws.
export { DigitKitError, IdxFormatError } from '@digitkit/core';
export type { DigitKitErrorOptions, FormatErrorDetails as IdxFormatErrorDetails } from '@digitkit/core';
