// @digitkit/preprocess-augment/node: Node-only helpers (node:zlib, node:fs). The `.` entry stays pure.
export { decodePng } from './png/decode-png.js';
export type { DecodedImage, DecodePngOptions } from './png/decode-png.js';
export { readPngFile } from './png/read-png-file.js';
export type { ReadPngFileOptions } from './png/read-png-file.js';
export { DEFAULT_PNG_MAX_PIXELS } from './png/png-header.js';
