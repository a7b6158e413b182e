import { validateScores } from './one-vs-rest.js';
import type { LabelArray, ScoreInput } from './types.js';
import type { FlatScores } from './validate.js';
import { checkFiniteNumber, checkOptions } from '@digitkit/core';

/** Float64 machine epsilon, scikit-learn 1.2's default clipping for float64 scores. */
const FLOAT64_EPSILON = 2.220446049250313e-16;

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /** Number of classes `C` (columns of `yScore`). Default: row width, or `yScore.length / N` for flat scores. */
  numClasses?: number;
  /** Probabilities are clipped to `[eps, 1 - eps]` before renormalizing. Default `2.220446049250313e-16`. */
  eps?: number;
}

/**
 * Mean cross-entropy of the true class, in nats, like scikit-learn 1.2 `log_loss(y_true, y_prob,
 * labels=range(C))`: each score is clipped to `[eps, 1 - eps]`, each row is divided by its sum, and the
 * result is the mean of `-ln(p[true class])`.
 *
 * @param yTrue - true labels, length `N`, integers in `[0, C)`.
 * @param yScore - `[N][C]` rows or a flat `N * C` array of probabilities (finite, >= 0).
 */
export function logLoss(yTrue: LabelArray, yScore: ScoreInput, options: LogLossOptions = {}): number {
  const fn = 'logLoss';
  const { numClasses, eps = FLOAT64_EPSILON } = checkOptions(fn, options, ['numClasses', 'eps']);
  checkFiniteNumber(fn, 'options.eps', eps, { greaterThan: 0, lessThan: 0.5 });
  const { scores } = validateScores(fn, yTrue, yScore, numClasses);
  return logLossFromScores(yTrue, scores, eps);
}

/** Internal: log loss of validated flat scores. */
export function logLossFromScores(yTrue: LabelArray, scores: FlatScores, eps = FLOAT64_EPSILON): number {
  const { data, count, numClasses } = scores;
  const high = 1 - eps;
  let total = 0;
  for (let i = 0, offset = 0; i < count; i++, offset += numClasses) {
    let rowSum = 0;
    for (let c = 0; c < numClasses; c++) rowSum += clip(data[offset + c], eps, high);
    total -= Math.log(clip(data[offset + yTrue[i]], eps, high) / rowSum);
  }
  return total / count;
}

function clip(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
