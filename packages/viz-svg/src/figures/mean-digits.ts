import { checkFiniteNumber, checkOptions } from '@digitkit/core';
import { DIGIT_STYLE_KEYS, resolveDigitStyle, type DigitStyle } from '../digits/digit-markup.js';
import { normalizeDigitImages, type DigitImagesInput, type PixelRange } from '../digits/digit-images.js';
import { isArrayLike, optionalText, resolveLabelNames } from '../internal/validate.js';
import { renderDigitRows } from '../render/digit-rows.js';
import { svgDocument } from '../render/svg-document.js';
import { heading } from '../render/svg-elements.js';

/** Options of {@link renderMeanDigits}. */
export interface MeanDigitsOptions extends DigitStyle {
  /** Class names under each mean image. Default '0', '1', …. */
  labelNames?: ReadonlyArray<string>;
  /** Pixel range. Default 'auto-max': [0, largest value over all means], so faint means stay visible. */
  pixelRange?: PixelRange | 'auto-max';
  /** Drawn digit side in px. Default 56. */
  digitSize?: number;
  /** Image rows/cols for array input. Default 28×28. */
  rows?: number;
  cols?: number;
  /** Figure title. Default 'Mean image per class'. */
  title?: string;
}

const FN = 'renderMeanDigits';
const KNOWN_OPTIONS = ['labelNames', 'pixelRange', 'digitSize', 'rows', 'cols', 'title', ...DIGIT_STYLE_KEYS];

/**
 * Renders the mean image of each class side by side with its class name.
 *
 * @param means - one mean image per class (e.g. `meanImagePerClass` output), values ≥ 0.
 */
export function renderMeanDigits(means: DigitImagesInput, options: MeanDigitsOptions = {}): string {
  checkOptions(FN, options, KNOWN_OPTIONS);
  const style = resolveDigitStyle(FN, options);
  const digitSize = checkFiniteNumber(FN, 'options.digitSize', options.digitSize ?? 56, { min: 8 });
  let pixelRange: PixelRange = 'auto';
  if (options.pixelRange === undefined || options.pixelRange === 'auto-max') {
    let max = 0;
    const list: ArrayLike<unknown> = isArrayLike(means)
      ? typeof means[0] === 'number' ? [means] : means
      : [(means as { images?: ArrayLike<number> } | null)?.images ?? []];
    for (let i = 0; i < list.length; i++) {
      const image = list[i] as ArrayLike<number> | undefined;
      for (let p = 0; p < (image?.length ?? 0); p++) if (image![p] > max) max = image![p];
    }
    pixelRange = [0, max > 0 ? max : 1];
  } else pixelRange = options.pixelRange;
  const { images, rows, cols } = normalizeDigitImages(FN, 'means', means, { rows: options.rows, cols: options.cols, pixelRange });
  const names = resolveLabelNames(FN, 'options.labelNames', options.labelNames, images.length);
  const title = optionalText(FN, 'options.title', options.title, 'Mean image per class');
  const head = heading(title);
  const grid = renderDigitRows([{ label: '', digits: images, captions: names }], rows, cols, 42, digitSize, style);
  return svgDocument({
    width: Math.max(grid.width, head.width), height: 42 + grid.height + 8, title,
    description: `Mean image of each of ${images.length} classes.`, body: head.markup + grid.markup,
  });
}
