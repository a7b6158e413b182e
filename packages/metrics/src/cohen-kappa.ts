import { checkOptions } from '@digitkit/core';
import { classTotals } from './count-matrix.js';
import { validatedCounts } from './label-pairs.js';
import type { LabelArray } from './types.js';

/** Options of {@link cohenKappa}. */
export interface CohenKappaOptions {
  /** Number of classes `C`; labels must lie in `[0, C)`. Default: largest label in either array + 1. */
  numClasses?: number;
}

/**
 * Cohen's kappa, agreement corrected for chance (scikit-learn `cohen_kappa_score`, unweighted):
 * `1 - (observed disagreement) / (disagreement expected from the marginals)`.
 *
 * @returns kappa in `[-1, 1]`; `NaN` when chance agreement is already perfect (both arrays hold one and the
 *   same single class), where scikit-learn 1.2 also returns nan.
 */
export function cohenKappa(yTrue: LabelArray, yPred: LabelArray, options?: CohenKappaOptions): number {
  const { numClasses: requested } = checkOptions('cohenKappa', options, ['numClasses']);
  const { counts, numClasses } = validatedCounts('cohenKappa', yTrue, yPred, requested);
  return cohenKappaFromCounts(counts, numClasses);
}

/** Internal: kappa from flat confusion counts. */
export function cohenKappaFromCounts(counts: Float64Array, numClasses: number): number {
  const { truePositives, trueCounts, predictedCounts, total } = classTotals(counts, numClasses);
  let agree = 0;
  let chanceAgree = 0;
  for (let c = 0; c < numClasses; c++) {
    agree += truePositives[c];
    chanceAgree += (predictedCounts[c] * trueCounts[c]) / total;
  }
  const observed = total - agree;
  const expected = total - chanceAgree;
  return 1 - observed / expected;
}
