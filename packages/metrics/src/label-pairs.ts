/** Internal: validation shared by the metrics that compare two label arrays. */
import { countMatrix } from './count-matrix.js';
import type { LabelArray } from './types.js';
import { checkOptions, checkSameLength, resolveNumClasses } from './validate.js';

/** Validates `yTrue`/`yPred` and returns their flat confusion counts and the number of classes. */
export function validatedCounts(
  fn: string,
  yTrue: LabelArray,
  yPred: LabelArray,
  options: { numClasses?: number } | undefined,
): { counts: Float64Array; numClasses: number } {
  const { numClasses: requested } = checkOptions(fn, options);
  checkSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  const numClasses = resolveNumClasses(fn, requested, [
    ['yTrue', yTrue],
    ['yPred', yPred],
  ]);
  return { counts: countMatrix(yTrue, yPred, numClasses), numClasses };
}
