import { checkArrayLike } from '../checks/check-value.js';
import { describeValue } from '../checks/describe-value.js';
import { checkDataset } from './check-dataset.js';
import type { DigitDataset } from './digit-dataset.js';

/**
 * Copies the examples at `indices` (in that order; repeats allowed, e.g. a bootstrap sample) into a new
 * {@link DigitDataset} with the same `rows`, `cols` and `numClasses`. Every index is checked before anything is
 * allocated or copied.
 *
 * @param dataset - A consistent data set (`count = 0` allowed; labels are copied, not checked).
 * @param indices - Integers in `0..dataset.count - 1` (an array or typed array; may be empty).
 * @throws TypeError when `dataset` is not a DigitDataset or `indices` not an array; RangeError for an index
 *   that is not an integer in range: `subsetDataset: expected indices[3] to be an integer in 0..9, got 10`.
 */
export function subsetDataset(dataset: DigitDataset, indices: ArrayLike<number>): DigitDataset {
  const functionName = 'subsetDataset';
  checkDataset(functionName, dataset, { allowEmpty: true, checkLabels: false });
  const n = checkArrayLike(functionName, 'indices', indices, { nonEmpty: false });
  const { count } = dataset;
  for (let i = 0; i < n; i++) {
    const index = indices[i];
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) {
      const range = count === 0 ? 'none (the data set is empty)' : `an integer in 0..${count - 1}`;
      const error = typeof index === 'number' ? RangeError : TypeError;
      throw new error(`${functionName}: expected indices[${i}] to be ${range}, got ${describeValue(index)}`);
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
