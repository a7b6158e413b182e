import { checkInteger } from '@digitkit/core';
import { checkLabels } from './internal/validate.js';

/**
 * One-hot encodes class labels.
 * @param labels `N` integer labels in `[0, numClasses)`
 * @param numClasses number of classes. Default `10`
 * @returns `N * numClasses` float32 values, row-major `[N, numClasses]`
 * @throws RangeError for a label outside `[0, numClasses)`
 */
export function oneHot(labels: ArrayLike<number>, numClasses = 10): Float32Array {
  checkInteger('oneHot', 'numClasses', numClasses, { min: 1 });
  checkLabels('oneHot', labels, numClasses);
  const out = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) out[i * numClasses + labels[i]] = 1;
  return out;
}
