import { perClassAucs, validateScores } from './one-vs-rest.js';
import type { LabelArray, ScoreInput } from './types.js';
import { checkOptions } from '@digitkit/core';

/** Options of {@link perClassRocAuc}. */
export interface PerClassRocAucOptions {
  /** Number of classes `C` (columns of `yScore`). Default: row width, or `yScore.length / N` for flat scores. */
  numClasses?: number;
}

/**
 * One-vs-rest ROC AUC of each class: class `c` against all others, ranked by column `c` of `yScore`
 * (scikit-learn `roc_auc_score` on `y_true == c`; tied scores share their average rank).
 *
 * @param yTrue - true labels, length `N`, integers in `[0, C)`.
 * @param yScore - `[N][C]` rows or a flat `N * C` array of finite scores >= 0.
 * @returns length `C`; `null` for a class with no positive or no negative example.
 */
export function perClassRocAuc(
  yTrue: LabelArray,
  yScore: ScoreInput,
  options: PerClassRocAucOptions = {},
): Array<number | null> {
  const fn = 'perClassRocAuc';
  const { numClasses } = checkOptions(fn, options, ['numClasses']);
  return perClassAucs(yTrue, validateScores(fn, yTrue, yScore, numClasses));
}
