import { checkOptions } from '@digitkit/core';
import { classTotals } from './count-matrix.js';
import { validatedCounts } from './label-pairs.js';
import type { LabelArray } from './types.js';

/** Options of {@link balancedAccuracy}. */
export interface BalancedAccuracyOptions {
  /** Number of classes `C`; labels must lie in `[0, C)`. Default: largest label in either array + 1. */
  numClasses?: number;
}

/**
 * Mean per-class recall (scikit-learn `balanced_accuracy_score`). Classes that never occur in `yTrue`
 * are left out of the mean, as scikit-learn does.
 *
 * @param yTrue - true labels, length `N`, integers in `[0, C)`.
 * @param yPred - predicted labels, length `N`, integers in `[0, C)`.
 * @returns balanced accuracy in `[0, 1]`.
 */
export function balancedAccuracy(yTrue: LabelArray, yPred: LabelArray, options?: BalancedAccuracyOptions): number {
  const { numClasses: requested } = checkOptions('balancedAccuracy', options, ['numClasses']);
  const { counts, numClasses } = validatedCounts('balancedAccuracy', yTrue, yPred, requested);
  return balancedAccuracyFromCounts(counts, numClasses);
}

/** Internal: balanced accuracy from flat confusion counts. */
export function balancedAccuracyFromCounts(counts: Float64Array, numClasses: number): number {
  const { truePositives, trueCounts } = classTotals(counts, numClasses);
  let sum = 0;
  let present = 0;
  for (let c = 0; c < numClasses; c++) {
    if (trueCounts[c] > 0) {
      sum += truePositives[c] / trueCounts[c];
      present++;
    }
  }
  return sum / present;
}
