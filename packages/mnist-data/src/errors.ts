// The error classes live in @digitkit/core; mnist-data re-exports the ones its API throws.
export { DigitKitError, FileSystemError, IdxFormatError } from '@digitkit/core';
export type {
  DigitKitErrorOptions,
  FileSystemErrorDetails,
  FormatErrorDetails as IdxFormatErrorDetails,
} from '@digitkit/core';
