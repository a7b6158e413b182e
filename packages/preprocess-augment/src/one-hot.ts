import { checkInteger } from '@digitkit/core';
import { checkLabels } from './internal/validate.js';

/**
 * One-hot encodes class labels.
 * @param labels `N` integer labels in `[0, numClasses)`
 * @param numClasses number of classes. Default `10`
 * @returns `N * numClasses` float32 values, row-major `[N, numClasses]`
 * @throws RangeError for a label outside `[0, numClasses)`, or an output above 2^28 values (1 GiB)
 */
export function oneHot(labels: ArrayLike<number>, numClasses = 10): Float32Array {
  checkInteger('oneHot', 'numClasses', numClasses, { min: 1 });
  checkLabels('oneHot', labels, numClasses);
  checkInteger('oneHot', 'labels.length * numClasses (the output size)', labels.length * numClasses, { max: 2 ** 28 });
  const out = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) out[i * numClasses + labels[i]] = 1;
  return out;
}
