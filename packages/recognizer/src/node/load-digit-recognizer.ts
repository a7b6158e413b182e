import { decodePng, readPngFile } from '@digitkit/preprocess-augment/node';
import { createDigitRecognizer, type DigitRecognizer } from '../digit-recognizer.js';
import { toPixelImage, type DigitInput } from '../digit-input.js';
import { loadShippedModel, type LoadDigitRecognizerOptions } from '../load-shipped-model.js';
import { normalizeDigit, type NormalizedDigit } from '../normalize-digit.js';

/** What the `./node` recognizer reads: every {@link DigitInput}, PNG file bytes, or the path of a PNG file. */
export type NodeDigitInput = DigitInput | Uint8Array | string;

async function readNodeDigit(functionName: string, name: string, input: unknown): Promise<NormalizedDigit> {
  if (typeof input === 'string') return normalizeDigit(functionName, name, await readPngFile(input), input);
  if (input instanceof Uint8Array) return normalizeDigit(functionName, name, decodePng(input, { source: name }), name);
  return normalizeDigit(functionName, name, toPixelImage(functionName, name, input));
}

/**
 * `loadDigitRecognizer` of `@digitkit/recognizer` whose `recognize`/`recognizeBatch` also read PNG files: a path
 * (`'digit.png'`) or the file's bytes (`Uint8Array`), decoded with `@digitkit/preprocess-augment/node`'s
 * `readPngFile`/`decodePng` (any standard PNG: gray, RGB, palette, alpha, 1–16 bits, interlaced).
 *
 * @throws Like the universal one; `recognize` adds ImageFormatError for bytes that are not a well-formed PNG and
 *   FileSystemError for a path that cannot be read.
 */
export async function loadDigitRecognizer(options: LoadDigitRecognizerOptions = {}): Promise<DigitRecognizer<NodeDigitInput>> {
  const { model, info } = await loadShippedModel('loadDigitRecognizer', options);
  return createDigitRecognizer<NodeDigitInput>(model, info, readNodeDigit);
}
