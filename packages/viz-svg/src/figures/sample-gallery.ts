import { checkFiniteNumber, checkInteger, checkOptions, describeValue } from '@digitkit/core';
import { DIGIT_STYLE_KEYS, resolveDigitStyle, type DigitStyle } from '../digits/digit-markup.js';
import { normalizeDigitImages } from '../digits/digit-images.js';
import { assertArrayLike, optionalText, resolveLabelNames } from '../internal/validate.js';
import { renderDigitRows } from '../render/digit-rows.js';
import { svgDocument } from '../render/svg-document.js';
import { heading } from '../render/svg-elements.js';

/** The dataset shape read by {@link renderSampleGallery} (compatible with `DigitDataset`). */
export interface SampleGalleryDataset {
  /** `count*rows*cols` pixels, row-major, 0..255 (or 0..1 floats). */
  images: ArrayLike<number>;
  /** Class index of each image. */
  labels: ArrayLike<number>;
  /** Number of images. */
  count: number;
  /** Image height in pixels (28 for MNIST). */
  rows: number;
  /** Image width in pixels (28 for MNIST). */
  cols: number;
  /** Number of classes. Default: max label + 1. */
  numClasses?: number;
}

/** Options of {@link renderSampleGallery}. */
export interface SampleGalleryOptions extends DigitStyle {
  /** Samples shown per class (one row per class). Default 10. */
  perClass?: number;
  /** Dataset index to start scanning from, so different calls show different samples. Default 0. */
  offset?: number;
  /** Class names for the row labels. */
  labelNames?: ReadonlyArray<string>;
  /** Drawn digit side in px. Default 40. */
  digitSize?: number;
  /** Figure title. Default 'Samples per class'. */
  title?: string;
}

const FN = 'renderSampleGallery';
const KNOWN_OPTIONS = ['perClass', 'offset', 'labelNames', 'digitSize', 'title', ...DIGIT_STYLE_KEYS];

/**
 * Renders one row per class with the first `perClass` images of that class found from `offset` on
 * (the papers' "random sample grid", deterministic). Rows with fewer samples are shorter.
 *
 * @throws RangeError when labels and images disagree in count or a label is not a class index.
 */
export function renderSampleGallery(dataset: SampleGalleryDataset, options: SampleGalleryOptions = {}): string {
  checkOptions(FN, options, KNOWN_OPTIONS);
  const style = resolveDigitStyle(FN, options);
  if (dataset === null || typeof dataset !== 'object') {
    throw new TypeError(`${FN}: expected dataset to be { images, labels, count, rows, cols }, got ${describeValue(dataset)}`);
  }
  assertArrayLike(FN, 'dataset.labels', dataset.labels);
  const { images, rows, cols } = normalizeDigitImages(FN, 'dataset', dataset);
  if (dataset.labels.length !== images.length) {
    throw new RangeError(`${FN}: expected dataset.labels to have ${images.length} entries (one per image), got ${dataset.labels.length}`);
  }
  let maxLabel = 0;
  for (let i = 0; i < dataset.labels.length; i++) {
    const l = checkInteger(FN, `dataset.labels[${i}]`, dataset.labels[i], { min: 0 });
    maxLabel = Math.max(maxLabel, l);
  }
  const numClasses = checkInteger(FN, 'dataset.numClasses (above the largest label)', dataset.numClasses ?? maxLabel + 1, {
    greaterThan: maxLabel,
  });
  const perClass = checkInteger(FN, 'options.perClass', options.perClass ?? 10, { min: 1 });
  const offset = checkInteger(FN, 'options.offset', options.offset ?? 0, { min: 0 });
  const digitSize = checkFiniteNumber(FN, 'options.digitSize', options.digitSize ?? 40, { min: 8 });
  const names = resolveLabelNames(FN, 'options.labelNames', options.labelNames, numClasses);
  const picked: Uint8Array[][] = Array.from({ length: numClasses }, () => []);
  for (let i = offset; i < images.length; i++) {
    const bucket = picked[dataset.labels[i]];
    if (bucket.length < perClass) bucket.push(images[i]);
  }
  const title = optionalText(FN, 'options.title', options.title, 'Samples per class');
  const head = heading(title);
  const grid = renderDigitRows(
    picked.map((digits, c) => ({ label: names[c], digits })),
    rows, cols, 42, digitSize, style,
  );
  return svgDocument({
    width: Math.max(grid.width, head.width), height: 42 + grid.height + 8, title,
    description: `Up to ${perClass} samples for each of ${numClasses} classes.`,
    body: head.markup + grid.markup,
  });
}
