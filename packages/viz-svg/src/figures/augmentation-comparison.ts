import { checkFiniteNumber, checkInteger, checkOptions } from '@digitkit/core';
import { MAX_DRAWN_DIGITS } from './digit-grid.js';
import { DIGIT_STYLE_KEYS, resolveDigitStyle, type DigitStyle } from '../digits/digit-markup.js';
import { normalizeDigitImages, type DigitImagesInput, type PixelRange } from '../digits/digit-images.js';
import { optionalText } from '../internal/validate.js';
import { renderDigitRows } from '../render/digit-rows.js';
import { svgDocument } from '../render/svg-document.js';
import { heading } from '../render/svg-elements.js';

/** Options of {@link renderAugmentationComparison}. */
export interface AugmentationComparisonOptions extends DigitStyle {
  /** Drawn digit side in px. Default 56. */
  digitSize?: number;
  /** Image rows/cols for array input. Default 28×28. */
  rows?: number;
  cols?: number;
  /** Pixel range of both inputs. Default 'auto' (decided separately for each input). */
  pixelRange?: PixelRange;
  /** Figure title. Default 'Augmentation: before and after'. */
  title?: string;
}

const FN = 'renderAugmentationComparison';
const KNOWN_OPTIONS = ['digitSize', 'rows', 'cols', 'pixelRange', 'title', ...DIGIT_STYLE_KEYS];

/**
 * Renders originals in the top row and their augmented versions below (column j shows original j).
 * `augmented` may hold k variants per original (k·N images, variant v of original j at index v·N + j),
 * drawn as k rows.
 *
 * @throws RangeError when the augmented count is not a positive multiple of the original count.
 */
export function renderAugmentationComparison(
  originals: DigitImagesInput,
  augmented: DigitImagesInput,
  options: AugmentationComparisonOptions = {},
): string {
  checkOptions(FN, options, KNOWN_OPTIONS);
  const style = resolveDigitStyle(FN, options);
  const digitSize = checkFiniteNumber(FN, 'options.digitSize', options.digitSize ?? 56, { min: 8 });
  const before = normalizeDigitImages(FN, 'originals', originals, options);
  const after = normalizeDigitImages(FN, 'augmented', augmented, options);
  const n = before.images.length;
  if (n === 0) throw new RangeError(`${FN}: expected at least one original image, got 0`);
  if (after.rows !== before.rows || after.cols !== before.cols) {
    throw new RangeError(`${FN}: originals are ${before.rows}x${before.cols} but augmented are ${after.rows}x${after.cols}`);
  }
  if (after.images.length === 0 || after.images.length % n !== 0) {
    throw new RangeError(`${FN}: expected augmented to hold a positive multiple of ${n} images, got ${after.images.length}`);
  }
  checkInteger(FN, 'the number of images drawn (originals + augmented)', n + after.images.length, { max: MAX_DRAWN_DIGITS });
  const variants = after.images.length / n;
  const rowsData = [{ label: 'original', digits: before.images }];
  for (let v = 0; v < variants; v++) {
    rowsData.push({ label: variants === 1 ? 'augmented' : `augmented ${v + 1}`, digits: after.images.slice(v * n, (v + 1) * n) });
  }
  const title = optionalText(FN, 'options.title', options.title, 'Augmentation: before and after');
  const head = heading(title);
  const grid = renderDigitRows(rowsData, before.rows, before.cols, 42, digitSize, style);
  return svgDocument({
    width: Math.max(grid.width, head.width), height: 42 + grid.height + 8, title,
    description: `${n} original digits and ${variants} augmented version(s) of each.`, body: head.markup + grid.markup,
  });
}
