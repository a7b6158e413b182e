// @digitkit/recognizer/node: the recognizer with PNG bytes and file paths as inputs (node:fs, node:zlib through
// @digitkit/preprocess-augment/node). Everything else is the universal entry's (re-exported as is); this entry's own
// loadDigitRecognizer takes the place of the universal one (an explicit export wins over `export *`).

export * from './index.js';
export { loadDigitRecognizer } from './node/load-digit-recognizer.js';
export type { NodeDigitInput } from './node/load-digit-recognizer.js';
