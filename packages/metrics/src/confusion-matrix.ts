import { checkOptions } from '@digitkit/core';
import { toRows } from './count-matrix.js';
import { validatedCounts } from './label-pairs.js';
import type { LabelArray } from './types.js';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Number of classes `C`; labels must lie in `[0, C)`. Default: largest label in either array + 1. */
  numClasses?: number;
}

/**
 * Confusion matrix like scikit-learn's `confusion_matrix(y_true, y_pred, labels=range(C))`.
 *
 * @param yTrue - true labels, length `N`, integers in `[0, C)`.
 * @param yPred - predicted labels, length `N`, integers in `[0, C)`.
 * @returns `[C][C]` counts; `matrix[t][p]` is the number of examples of true class `t` predicted as `p`
 *   (rows = true class, columns = predicted class).
 * @throws RangeError/TypeError on empty or mismatched arrays, or labels that are not integers in `[0, C)`.
 */
export function confusionMatrix(yTrue: LabelArray, yPred: LabelArray, options?: ConfusionMatrixOptions): number[][] {
  const { numClasses: requested } = checkOptions('confusionMatrix', options, ['numClasses']);
  const { counts, numClasses } = validatedCounts('confusionMatrix', yTrue, yPred, requested);
  return toRows(counts, numClasses);
}
