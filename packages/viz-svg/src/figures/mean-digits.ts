import type { DigitStyle } from '../digits/digit-markup.js';
import { normalizeDigitImages, type DigitImagesInput, type PixelRange } from '../digits/digit-images.js';
import { resolveLabelNames } from '../internal/validate.js';
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

/**
 * Renders the mean image of each class side by side with its class name.
 *
 * @param means - one mean image per class (e.g. `meanImagePerClass` output), values ≥ 0.
 */
export function renderMeanDigits(means: DigitImagesInput, options: MeanDigitsOptions = {}): string {
  let pixelRange: PixelRange = 'auto';
  if (options.pixelRange === undefined || options.pixelRange === 'auto-max') {
    let max = 0;
    const list: ArrayLike<ArrayLike<number>> = Array.isArray(means) ? means : [(means as { images: ArrayLike<number> }).images ?? []];
    for (let i = 0; i < list.length; i++) {
      const image = list[i];
      for (let p = 0; p < (image?.length ?? 0); p++) if (image[p] > max) max = image[p];
    }
    pixelRange = [0, max > 0 ? max : 1];
  } else pixelRange = options.pixelRange;
  const { images, rows, cols } = normalizeDigitImages(FN, 'means', means, { rows: options.rows, cols: options.cols, pixelRange });
  const names = resolveLabelNames(FN, 'labelNames', options.labelNames, images.length);
  const title = options.title ?? 'Mean image per class';
  const head = heading(title);
  const grid = renderDigitRows([{ label: '', digits: images, captions: names }], rows, cols, 42, options.digitSize ?? 56, options);
  return svgDocument({
    width: Math.max(grid.width, head.width), height: 42 + grid.height + 8, title,
    description: `Mean image of each of ${images.length} classes.`, body: head.markup + grid.markup,
  });
}
