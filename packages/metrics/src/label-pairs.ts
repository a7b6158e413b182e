/** Internal: validation shared by the metrics that compare two label arrays. */
import { countMatrix } from './count-matrix.js';
import type { LabelArray } from './types.js';
import { checkLabels, checkMatrixClasses, checkNumClasses, checkSameLength, resolveNumClasses } from './validate.js';

/**
 * Validates `yTrue`/`yPred` (and `numClasses`, already read from the caller's checked options) and returns their
 * flat confusion counts and the number of classes.
 */
export function validatedCounts(
  fn: string,
  yTrue: LabelArray,
  yPred: LabelArray,
  requested: unknown,
): { counts: Float64Array; numClasses: number } {
  const length = checkSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  if (requested === undefined) {
    const numClasses = resolveNumClasses(fn, undefined, [
      ['yTrue', yTrue],
      ['yPred', yPred],
    ]);
    checkMatrixClasses(fn, numClasses, `the largest label is ${numClasses - 1}`);
    return { counts: countMatrix(yTrue, yPred, numClasses), numClasses };
  }
  const numClasses = checkNumClasses(fn, requested);
  checkMatrixClasses(fn, numClasses, `got options.numClasses = ${numClasses}`);
  const counts = new Float64Array(numClasses * numClasses);
  try {
    // One fused pass: count while checking. `(v >>> 0) === v` holds exactly for integers in [0, 2^32)
    // (it fails for NaN, fractions, negatives, strings and booleans; bigints and symbols throw).
    for (let i = 0; i < length; i++) {
      const t = yTrue[i];
      const p = yPred[i];
      if (t >>> 0 !== t || t >= numClasses || p >>> 0 !== p || p >= numClasses) throw new RangeError('slow path');
      counts[t * numClasses + p]++;
    }
  } catch {
    // Slow path only to build the precise error message.
    checkLabels(fn, 'yTrue', yTrue, numClasses);
    checkLabels(fn, 'yPred', yPred, numClasses);
    throw new RangeError(`${fn}: unexpected labels`); // unreachable: the checks above throw
  }
  return { counts, numClasses };
}
