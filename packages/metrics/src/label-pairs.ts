/** Internal: validation shared by the metrics that compare two label arrays. */
import { countMatrix } from './count-matrix.js';
import type { LabelArray } from './types.js';
import {
  checkLabels,
  checkMatrixClasses,
  checkNumClasses,
  checkOptions,
  checkSameLength,
  resolveNumClasses,
} from './validate.js';

/** Validates `yTrue`/`yPred` and returns their flat confusion counts and the number of classes. */
export function validatedCounts(
  fn: string,
  yTrue: LabelArray,
  yPred: LabelArray,
  options: { numClasses?: number } | undefined,
): { counts: Float64Array; numClasses: number } {
  const { numClasses: requested } = checkOptions(fn, options);
  const length = checkSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  if (requested === undefined) {
    const numClasses = resolveNumClasses(fn, undefined, [
      ['yTrue', yTrue],
      ['yPred', yPred],
    ]);
    checkMatrixClasses(fn, numClasses, `the largest label is ${numClasses - 1}`);
    return { counts: countMatrix(yTrue, yPred, numClasses), numClasses };
  }
  // One fused pass: count while checking. `(v >>> 0) === v` holds exactly for integers in [0, 2^32)
  // (it fails for NaN, fractions, negatives, strings and booleans).
  const numClasses = checkNumClasses(fn, requested);
  checkMatrixClasses(fn, numClasses, `got options.numClasses = ${numClasses}`);
  const counts = new Float64Array(numClasses * numClasses);
  for (let i = 0; i < length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (t >>> 0 !== t || t >= numClasses || p >>> 0 !== p || p >= numClasses) {
      // Slow path only to build the precise error message.
      checkLabels(fn, 'yTrue', yTrue, numClasses);
      checkLabels(fn, 'yPred', yPred, numClasses);
    }
    counts[t * numClasses + p]++;
  }
  return { counts, numClasses };
}
