import { averageAucs, perClassAucs, validateScores } from './one-vs-rest.js';
import type { LabelArray, ScoreInput } from './types.js';
import { checkOneOf, checkOptions } from '@digitkit/core';

/** Options of {@link rocAucOvr}. */
export interface RocAucOvrOptions {
  /** `'macro'` (default): plain mean of the per-class AUCs; `'weighted'`: mean weighted by class support. */
  average?: 'macro' | 'weighted';
  /** Number of classes `C` (columns of `yScore`). Default: row width, or `yScore.length / N` for flat scores. */
  numClasses?: number;
}

/**
 * Multiclass ROC AUC, one-vs-rest, like scikit-learn `roc_auc_score(y_true, y_score, multi_class='ovr')`.
 *
 * Classes absent from `yTrue` have no AUC and are left out of the average (scikit-learn refuses such
 * input instead). With two classes this is the mean of both columns' AUCs, which equals the binary AUC
 * when each row sums to 1.
 *
 * @param yTrue - true labels, length `N`, integers in `[0, C)`; at least two distinct classes.
 * @param yScore - `[N][C]` rows or a flat `N * C` array (e.g. softmax output) of finite scores >= 0.
 * @returns AUC in `[0, 1]`.
 * @throws RangeError when `yTrue` holds a single class (AUC undefined), and on invalid input.
 */
export function rocAucOvr(yTrue: LabelArray, yScore: ScoreInput, options: RocAucOvrOptions = {}): number {
  const fn = 'rocAucOvr';
  const checked = checkOptions(fn, options, ['average', 'numClasses']);
  const average = checkOneOf(fn, 'options.average', checked.average ?? 'macro', ['macro', 'weighted'] as const);
  const numClasses = checked.numClasses;
  const validated = validateScores(fn, yTrue, yScore, numClasses);
  const averages = averageAucs(perClassAucs(yTrue, validated), validated.support);
  if (averages === null) {
    throw new RangeError(
      `${fn}: expected at least two classes in yTrue, got only class ${yTrue[0]}; ROC AUC is undefined`,
    );
  }
  return averages[average];
}
