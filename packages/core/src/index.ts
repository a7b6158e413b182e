// @digitkit/core: what every digitkit package shares. Pure TypeScript, no dependency, Node and browsers.

// Data shapes
export type { DigitDataset } from './data/digit-dataset.js';
export { checkDataset } from './data/check-dataset.js';
export type { CheckDatasetOptions } from './data/check-dataset.js';
export { subsetDataset } from './data/subset-dataset.js';

// Errors
export { DigitKitError } from './errors/digitkit-error.js';
export type { DigitKitErrorOptions } from './errors/digitkit-error.js';
export { formatErrorMessage } from './errors/format-error-message.js';
export type { FormatErrorDetails } from './errors/format-error-message.js';
export { IdxFormatError } from './errors/idx-format-error.js';
export { ImageFormatError } from './errors/image-format-error.js';
export { FormatError } from './errors/format-error.js';
export { IntegrityError } from './errors/integrity-error.js';
export type { IntegrityErrorDetails } from './errors/integrity-error.js';
export { FileSystemError } from './errors/file-system-error.js';
export type { FileSystemErrorDetails } from './errors/file-system-error.js';
export { MismatchError } from './errors/mismatch-error.js';
export type { MismatchErrorDetails } from './errors/mismatch-error.js';
export { UnsupportedEnvironmentError } from './errors/unsupported-environment-error.js';
export type { UnsupportedEnvironmentErrorDetails } from './errors/unsupported-environment-error.js';
export { AbortedError } from './errors/aborted-error.js';
export { WorkerError } from './errors/worker-error.js';
export type { WorkerErrorDetails } from './errors/worker-error.js';

// Argument and option checks (one message format: `<function>: expected <what>, got <found>`)
export { describeValue } from './checks/describe-value.js';
export { closestName } from './checks/closest-name.js';
export { checkOptions } from './checks/check-options.js';
export { checkFiniteNumber, checkInteger } from './checks/check-number.js';
export type { NumberBounds } from './checks/check-number.js';
export { checkOneOf, checkBoolean, checkFunction, checkString, checkArrayLike } from './checks/check-value.js';
export { checkSeed } from './checks/check-seed.js';

// Seeded randomness
export { createRng } from './random/create-rng.js';
export { shuffleInPlace } from './random/shuffle-in-place.js';
export { deriveSeed } from './random/derive-seed.js';

// Array helpers
export { argmaxRows } from './arrays/argmax-rows.js';
export { readStreamBytes } from './arrays/read-stream-bytes.js';
