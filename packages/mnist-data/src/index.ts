/**
 * @digitkit/mnist-data — universal entry (Node and browsers, no Node-only imports).
 * File-system loading of the embedded MNIST lives in `@digitkit/mnist-data/node`.
 */
export { batches } from './batches.js';
export type { BatchesOptions, DigitBatch } from './batches.js';
export { createRng } from './create-rng.js';
export type { DigitDataset, MnistData, MnistFiles, MnistLoadOptions } from './digit-dataset.js';
export { encodeIdx } from './encode-idx.js';
export type { EncodeIdxInput } from './encode-idx.js';
export { DigitKitError, FileSystemError, IdxFormatError } from './errors.js';
export type { DigitKitErrorOptions, FileSystemErrorDetails, IdxFormatErrorDetails } from './errors.js';
export type { IdxArray, IdxData, IdxDataTypes, IdxDtype } from './idx-types.js';
export { loadIdx } from './load-idx.js';
export type { IdxSource, LoadIdxOptions } from './load-idx.js';
export { loadMnistFromBuffers } from './load-mnist-from-buffers.js';
export { loadMnistFromUrls } from './load-mnist-from-urls.js';
export type { LoadMnistFromUrlsOptions } from './load-mnist-from-urls.js';
export { parseIdx } from './parse-idx.js';
export type { ParseIdxOptions } from './parse-idx.js';
export { splitTrainValidation } from './split-train-validation.js';
export type { SplitTrainValidationOptions, TrainValidationSplit } from './split-train-validation.js';
export { subsetDataset } from './subset-dataset.js';
export { toTensors } from './to-tensors.js';
export type { DatasetTensors, ToTensorsOptions } from './to-tensors.js';
export type { TensorOptions } from './tensor-fill.js';
