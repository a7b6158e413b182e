/**
 * The package's domain checks (image-batch geometry, label arrays), built on @digitkit/core's checks and written
 * in its one message format: `<function>: expected <name> to be <what>, got <found>`. Generic checks (numbers,
 * options, datasets) come from @digitkit/core itself.
 */
import { checkDataset, checkInteger, describeValue, type CheckDatasetOptions, type DigitDataset } from '@digitkit/core';

/** Image-batch geometry: `count` images of `rows x cols` in one flat array. */
export interface ImageGeometry {
  count: number;
  rows: number;
  cols: number;
}

/**
 * Checks a flat `Uint8Array` of images against `rows x cols` and returns the geometry.
 * `count` defaults to `length / (rows * cols)`.
 */
export function checkUint8Images(fn: string, images: unknown, rows: unknown, cols: unknown, count?: unknown): ImageGeometry {
  if (!(images instanceof Uint8Array)) {
    throw new TypeError(`${fn}: expected images to be a Uint8Array of pixel values 0..255, got ${describeValue(images)}`);
  }
  const height = checkInteger(fn, 'rows', rows, { min: 1 });
  const width = checkInteger(fn, 'cols', cols, { min: 1 });
  const size = height * width;
  if (count === undefined) {
    if (images.length % size !== 0) {
      throw new RangeError(`${fn}: expected images.length to be a multiple of ${height}x${width} = ${size}, got ${images.length}`);
    }
    return { count: images.length / size, rows: height, cols: width };
  }
  const n = checkInteger(fn, 'count', count, { min: 0 });
  if (images.length !== n * size) {
    throw new RangeError(`${fn}: expected ${n * size} bytes for ${n}x${height}x${width} images, got ${images.length}`);
  }
  return { count: n, rows: height, cols: width };
}

/** Checks labels (a `Uint8Array`, `Int32Array` or `number[]`): integers in `[0, numClasses)`. */
export function checkLabels(fn: string, labels: unknown, numClasses: number): void {
  if (!(labels instanceof Uint8Array) && !(labels instanceof Int32Array) && !Array.isArray(labels)) {
    throw new TypeError(`${fn}: expected labels to be a Uint8Array, Int32Array or number[], got ${describeValue(labels)}`);
  }
  const list = labels as ArrayLike<number>;
  for (let i = 0; i < list.length; i++) {
    const label = list[i];
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new RangeError(`${fn}: expected labels in [0, ${numClasses}), got ${describeValue(label)} at index ${i}`);
    }
  }
}

/** Classes a `DigitDataset` can have here: its labels are bytes. */
export const MAX_DATASET_CLASSES = 256;

/**
 * Core's `checkDataset`, plus the bound this package's per-class work needs: `numClasses` ≤ 256 (labels are bytes,
 * and per-class buffers are allocated from it — a huge `numClasses` must not allocate before failing).
 */
export function checkByteDataset(fn: string, dataset: unknown, options: CheckDatasetOptions = {}): DigitDataset {
  const checked = checkDataset(fn, dataset, options);
  checkInteger(fn, `${options.name ?? 'dataset'}.numClasses`, checked.numClasses, { min: 1, max: MAX_DATASET_CLASSES });
  return checked;
}
