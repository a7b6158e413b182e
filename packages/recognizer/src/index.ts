// @digitkit/recognizer: a ready digit recognizer, trained weights shipped inside the package. Node and browsers,
// any tfjs backend. PNG bytes and file paths as inputs: @digitkit/recognizer/node.

export { loadDigitRecognizer } from './load-digit-recognizer.js';
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
export type { DigitRecognizerModel, ShippedMemberInfo, ShippedModelInfo } from './shipped-model-info.js';
export { ModelNotShippedError } from './model-not-shipped-error.js';
export type { ModelNotShippedErrorDetails } from './model-not-shipped-error.js';
