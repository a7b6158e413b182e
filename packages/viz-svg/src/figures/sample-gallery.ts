import type { DigitStyle } from '../digits/digit-markup.js';
import { normalizeDigitImages } from '../digits/digit-images.js';
import { assertArrayLike, describe, resolveLabelNames } from '../internal/validate.js';
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

/**
 * Renders one row per class with the first `perClass` images of that class found from `offset` on
 * (the papers' "random sample grid", deterministic). Rows with fewer samples are shorter.
 *
 * @throws RangeError when labels and images disagree in count or a label is not a class index.
 */
export function renderSampleGallery(dataset: SampleGalleryDataset, options: SampleGalleryOptions = {}): string {
  if (dataset === null || typeof dataset !== 'object') throw new TypeError(`${FN}: expected a dataset object, got ${describe(dataset)}`);
  assertArrayLike(FN, 'dataset.labels', dataset.labels);
  const { images, rows, cols } = normalizeDigitImages(FN, 'dataset', dataset);
  if (dataset.labels.length !== images.length) {
    throw new RangeError(`${FN}: expected ${images.length} labels (one per image), got ${dataset.labels.length}`);
  }
  let maxLabel = 0;
  for (let i = 0; i < dataset.labels.length; i++) {
    const l = dataset.labels[i];
    if (!Number.isInteger(l) || l < 0) throw new RangeError(`${FN}: expected dataset.labels[${i}] to be a class index, got ${l}`);
    maxLabel = Math.max(maxLabel, l);
  }
  const numClasses = dataset.numClasses ?? maxLabel + 1;
  if (!Number.isInteger(numClasses) || numClasses <= maxLabel) {
    throw new RangeError(`${FN}: expected numClasses > largest label ${maxLabel}, got ${describe(numClasses)}`);
  }
  const perClass = options.perClass ?? 10;
  if (!Number.isInteger(perClass) || perClass < 1) throw new RangeError(`${FN}: expected perClass to be a positive integer, got ${describe(perClass)}`);
  const offset = options.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`${FN}: expected offset to be a non-negative integer, got ${describe(offset)}`);
  const names = resolveLabelNames(FN, 'labelNames', options.labelNames, numClasses);
  const picked: Uint8Array[][] = Array.from({ length: numClasses }, () => []);
  for (let i = offset; i < images.length; i++) {
    const bucket = picked[dataset.labels[i]];
    if (bucket.length < perClass) bucket.push(images[i]);
  }
  const title = options.title ?? 'Samples per class';
  const head = heading(title);
  const grid = renderDigitRows(
    picked.map((digits, c) => ({ label: names[c], digits })),
    rows, cols, 42, options.digitSize ?? 40, options,
  );
  return svgDocument({
    width: Math.max(grid.width, head.width), height: 42 + grid.height + 8, title,
    description: `Up to ${perClass} samples for each of ${numClasses} classes.`,
    body: head.markup + grid.markup,
  });
}
