import { checkArrayLike, checkDataset, checkInteger, type DigitDataset } from '@digitkit/core';

/**
 * The examples of some classes only, relabelled `0..classes.length - 1` in the order given (e.g. digits 5–9 as a
 * 5-class data set for transfer learning). Example order is kept.
 *
 * @param dataset - Any `DigitDataset`.
 * @param classes - Distinct class indices of `dataset`; `classes[k]` becomes label `k`.
 * @returns A new data set with `numClasses = classes.length` (new arrays).
 * @throws TypeError/RangeError for an empty, repeated or out-of-range class list.
 */
export function selectClasses(dataset: DigitDataset, classes: readonly number[]): DigitDataset {
  const fn = 'selectClasses';
  checkDataset(fn, dataset);
  checkArrayLike(fn, 'classes', classes);
  const map = new Int16Array(dataset.numClasses).fill(-1);
  classes.forEach((c, k) => {
    checkInteger(fn, `classes[${k}]`, c, { min: 0, max: dataset.numClasses - 1 });
    if (map[c] !== -1) throw new RangeError(`${fn}: expected distinct classes, got ${c} twice`);
    map[c] = k;
  });
  const size = dataset.rows * dataset.cols;
  const keep: number[] = [];
  for (let i = 0; i < dataset.count; i++) if (map[dataset.labels[i]] >= 0) keep.push(i);
  const images = new Uint8Array(keep.length * size);
  const labels = new Uint8Array(keep.length);
  keep.forEach((index, j) => {
    images.set(dataset.images.subarray(index * size, (index + 1) * size), j * size);
    labels[j] = map[dataset.labels[index]];
  });
  return { images, labels, count: keep.length, rows: dataset.rows, cols: dataset.cols, numClasses: classes.length };
}
