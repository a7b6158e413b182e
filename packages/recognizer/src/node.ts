// @digitkit/recognizer/node: the recognizer with PNG bytes and file paths as inputs (node:fs, node:zlib through
// @digitkit/preprocess-augment/node). Everything else is the same as the universal entry.

export { loadDigitRecognizer } from './node/load-digit-recognizer.js';
export type { NodeDigitInput } from './node/load-digit-recognizer.js';
export type { LoadDigitRecognizerOptions } from './load-shipped-model.js';
export type {
  DigitRecognition,
  DigitRecognizer,
  MnistRecognition,
  RecognizeMnistOptions,
  RecognizeOptions,
} from './digit-recognizer.js';
export type { CanvasLike, DigitInput, ImageDataLike } from './digit-input.js';
export type { DigitProbability } from './top-digits.js';
export { SHIPPED_MODELS } from './shipped-model-info.js';
export type { DigitRecognizerModel, ShippedModelInfo } from './shipped-model-info.js';
export { ModelNotShippedError } from './model-not-shipped-error.js';
export type { ModelNotShippedErrorDetails } from './model-not-shipped-error.js';
