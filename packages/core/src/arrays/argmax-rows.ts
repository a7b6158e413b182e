import { checkArrayLike } from '../checks/check-value.js';
import { checkInteger } from '../checks/check-number.js';

/**
 * Index of the largest value in each row of a flat row-major `[N, numClasses]` score array (the first index
 * wins ties, like `numpy.argmax`; NaN never wins). Returns `N` class indices as an `Int32Array`.
 *
 * @throws TypeError/RangeError when `scores` is not an array, `numClasses` is not an integer ≥ 1, or the
 *   length is not a multiple of `numClasses`.
 */
export function argmaxRows(scores: ArrayLike<number>, numClasses: number): Int32Array {
  checkArrayLike('argmaxRows', 'scores', scores, { nonEmpty: false });
  checkInteger('argmaxRows', 'numClasses', numClasses, { min: 1 });
  if (scores.length % numClasses !== 0) {
    throw new RangeError(`argmaxRows: expected N*${numClasses} scores, got ${scores.length}`);
  }
  const count = scores.length / numClasses;
  const labels = new Int32Array(count);
  for (let row = 0, offset = 0; row < count; row++, offset += numClasses) {
    let best = 0;
    let bestScore = scores[offset];
    for (let c = 1; c < numClasses; c++) {
      const score = scores[offset + c];
      if (score > bestScore || (bestScore !== bestScore && score === score)) {
        bestScore = score;
        best = c;
      }
    }
    labels[row] = best;
  }
  return labels;
}
