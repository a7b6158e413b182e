import type { DigitDataset } from './digit-dataset.js';
import { assertDataset } from './validate-dataset.js';

/**
 * Copies the examples at `indices` (in that order; repeats allowed) into a new {@link DigitDataset}
 * with the same `rows`, `cols` and `numClasses`.
 *
 * @param indices - Integers in `0..dataset.count - 1`.
 * @throws RangeError for an index that is not an integer in range (checked before copying).
 */
export function subsetDataset(dataset: DigitDataset, indices: ArrayLike<number>): DigitDataset {
  assertDataset(dataset, 'subsetDataset');
  if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number') {
    throw new TypeError(`subsetDataset: expected indices to be an array of integers, got ${indices === null ? 'null' : typeof indices}`);
  }
  const n = indices.length;
  for (let i = 0; i < n; i++) {
    const index = indices[i];
    if (!Number.isInteger(index) || index < 0 || index >= dataset.count) {
      throw new RangeError(`subsetDataset: expected indices in 0..${dataset.count - 1}, got ${String(index)} at position ${i}`);
    }
  }
  const pixels = dataset.rows * dataset.cols;
  const images = new Uint8Array(n * pixels);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const index = indices[i];
    images.set(dataset.images.subarray(index * pixels, (index + 1) * pixels), i * pixels);
    labels[i] = dataset.labels[index];
  }
  return { images, labels, count: n, rows: dataset.rows, cols: dataset.cols, numClasses: dataset.numClasses };
}
