import { createDigitRecognizer, type DigitRecognizer } from './digit-recognizer.js';
import { toPixelImage, type DigitInput } from './digit-input.js';
import { loadShippedModel, type LoadDigitRecognizerOptions } from './load-shipped-model.js';
import { normalizeDigit } from './normalize-digit.js';

/**
 * Loads the digit recognizer whose trained weights ship inside this package (no download): Node and browsers,
 * on whichever tfjs backend is active (set it before loading; the model lives on that backend).
 *
 * @example
 * ```ts
 * const recognizer = await loadDigitRecognizer();
 * const { digit, top } = await recognizer.recognize(canvas, { topK: 3 });
 * ```
 * @param options - `model`: `'single'` (default) or `'ensemble'` (where `SHIPPED_MODELS` lists it). Closed: an unknown
 *   key is a TypeError naming it.
 * @returns A {@link DigitRecognizer} reading `ImageData`, canvases and `{ data, width, height, channels }`
 *   (`@digitkit/recognizer/node` adds PNG bytes and file paths).
 * @throws ModelNotShippedError for `model: 'ensemble'` while no ensemble ships; TypeError for an unknown option or model name.
 */
export async function loadDigitRecognizer(options: LoadDigitRecognizerOptions = {}): Promise<DigitRecognizer<DigitInput>> {
  const { model, info } = await loadShippedModel('loadDigitRecognizer', options);
  return createDigitRecognizer<DigitInput>(model, info, (functionName, name, input) =>
    normalizeDigit(functionName, name, toPixelImage(functionName, name, input)),
  );
}
