import { checkOptions } from '@digitkit/core';
import { classTotals } from './count-matrix.js';
import { validatedCounts } from './label-pairs.js';
import type { LabelArray } from './types.js';

/** Options of {@link matthewsCorrcoef}. */
export interface MatthewsCorrcoefOptions {
  /** Number of classes `C`; labels must lie in `[0, C)`. Default: largest label in either array + 1. */
  numClasses?: number;
}

/**
 * Matthews correlation coefficient, multiclass (R_K statistic), like scikit-learn `matthews_corrcoef`.
 *
 * @returns a value in `[-1, 1]`; 0 when either array holds a single class (as scikit-learn does).
 */
export function matthewsCorrcoef(yTrue: LabelArray, yPred: LabelArray, options?: MatthewsCorrcoefOptions): number {
  const { numClasses: requested } = checkOptions('matthewsCorrcoef', options, ['numClasses']);
  const { counts, numClasses } = validatedCounts('matthewsCorrcoef', yTrue, yPred, requested);
  return matthewsFromCounts(counts, numClasses);
}

/** Internal: MCC from flat confusion counts. */
export function matthewsFromCounts(counts: Float64Array, numClasses: number): number {
  const { truePositives, trueCounts, predictedCounts, total } = classTotals(counts, numClasses);
  let correct = 0;
  let truePred = 0;
  let predPred = 0;
  let trueTrue = 0;
  for (let c = 0; c < numClasses; c++) {
    correct += truePositives[c];
    truePred += trueCounts[c] * predictedCounts[c];
    predPred += predictedCounts[c] * predictedCounts[c];
    trueTrue += trueCounts[c] * trueCounts[c];
  }
  const covTruePred = correct * total - truePred;
  const covPredPred = total * total - predPred;
  const covTrueTrue = total * total - trueTrue;
  if (covPredPred * covTrueTrue === 0) return 0;
  return covTruePred / Math.sqrt(covTrueTrue * covPredPred);
}
