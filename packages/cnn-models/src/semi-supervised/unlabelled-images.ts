import { checkDataset, checkInteger, describeValue, type DigitDataset } from '@digitkit/core';

/**
 * Images without labels: what {@link trainSemiSupervised} takes for its unlabelled part, so it cannot read a
 * label even by mistake (an object carrying `labels` is refused).
 */
export interface UnlabelledImages {
  /** `count · rows · cols` bytes, row-major, 0 = background (MNIST's layout). */
  readonly images: Uint8Array;
  /** Number of images. */
  readonly count: number;
  /** Image height in pixels. */
  readonly rows: number;
  /** Image width in pixels. */
  readonly cols: number;
}

/**
 * The images of a data set with its labels dropped (a copy of the pixel bytes; `labels` and `numClasses` are not
 * carried over).
 *
 * @param dataset - Any `DigitDataset`.
 * @returns `{ images, count, rows, cols }`, a new `images` array.
 */
export function toUnlabelledImages(dataset: DigitDataset): UnlabelledImages {
  checkDataset('toUnlabelledImages', dataset, { checkLabels: false });
  const size = dataset.rows * dataset.cols;
  return { images: dataset.images.slice(0, dataset.count * size), count: dataset.count, rows: dataset.rows, cols: dataset.cols };
}

/** Checks unlabelled images (and that they carry no labels); returns them. */
export function checkUnlabelledImages(functionName: string, name: string, value: unknown): UnlabelledImages {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`${functionName}: expected ${name} to be unlabelled images { images, count, rows, cols }, got ${describeValue(value)}`);
  }
  if ('labels' in value) {
    throw new TypeError(
      `${functionName}: expected ${name} to be images without labels (toUnlabelledImages(dataset) drops them), got an object with labels`,
    );
  }
  const v = value as Partial<UnlabelledImages>;
  if (!(v.images instanceof Uint8Array)) {
    throw new TypeError(`${functionName}: expected ${name}.images to be a Uint8Array, got ${describeValue(v.images)}`);
  }
  const count = checkInteger(functionName, `${name}.count`, v.count, { min: 1 });
  const rows = checkInteger(functionName, `${name}.rows`, v.rows, { min: 1 });
  const cols = checkInteger(functionName, `${name}.cols`, v.cols, { min: 1 });
  if (v.images.length < count * rows * cols) {
    throw new RangeError(
      `${functionName}: expected ${name}.images to hold ${count}x${rows}x${cols} = ${count * rows * cols} bytes, got ${v.images.length}`,
    );
  }
  return { images: v.images, count, rows, cols };
}
