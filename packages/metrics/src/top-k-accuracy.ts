import { validateScores } from './one-vs-rest.js';
import type { LabelArray, ScoreInput } from './types.js';
import type { FlatScores } from './validate.js';
import { checkInteger, checkOptions } from '@digitkit/core';

/** Options of {@link topKAccuracy}. */
export interface TopKAccuracyOptions {
  /** Number of classes `C` (columns of `yScore`). Default: row width, or `yScore.length / N` for flat scores. */
  numClasses?: number;
}

/**
 * Fraction of examples whose true class is among the `k` highest scores, like scikit-learn
 * `top_k_accuracy_score` on multiclass scores. Among tied scores the higher class index ranks first
 * (scikit-learn sorts stably, then reverses). `k >= C` gives 1.
 *
 * @param yTrue - true labels, length `N`, integers in `[0, C)`.
 * @param yScore - `[N][C]` rows or a flat `N * C` array of finite scores >= 0.
 * @param k - integer >= 1.
 */
export function topKAccuracy(
  yTrue: LabelArray,
  yScore: ScoreInput,
  k: number,
  options: TopKAccuracyOptions = {},
): number {
  const fn = 'topKAccuracy';
  checkInteger(fn, 'k', k, { min: 1 });
  const { numClasses } = checkOptions(fn, options, ['numClasses']);
  const { scores } = validateScores(fn, yTrue, yScore, numClasses);
  return topKFromScores(yTrue, scores, k);
}

/** Internal: top-k accuracy of validated flat scores. */
export function topKFromScores(yTrue: LabelArray, scores: FlatScores, k: number): number {
  const { data, count, numClasses } = scores;
  if (k >= numClasses) return 1;
  let hits = 0;
  for (let i = 0, offset = 0; i < count; i++, offset += numClasses) {
    const t = yTrue[i];
    const own = data[offset + t];
    // Rank of the true class = number of classes placed before it.
    let ahead = 0;
    for (let c = 0; c < numClasses && ahead < k; c++) {
      const v = data[offset + c];
      if (v > own || (v === own && c > t)) ahead++;
    }
    if (ahead < k) hits++;
  }
  return hits / count;
}
