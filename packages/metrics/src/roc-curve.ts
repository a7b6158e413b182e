import { curvePoints, sortSplit, type SplitScores } from './binary-ranking.js';
import { checkBoolean, checkOptions, describeValue } from '@digitkit/core';
import { checkSameLength } from './validate.js';

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /**
   * Drop thresholds that lie on a straight line between their neighbours (scikit-learn's
   * `drop_intermediate`; the area under the curve is unchanged). Default `true`.
   */
  dropIntermediate?: boolean;
}

/** A receiver operating characteristic curve. All three arrays have the same length. */
export interface RocCurve {
  /** False positive rate at each threshold, from 0 up to 1. */
  fpr: number[];
  /** True positive rate at each threshold, from 0 up to 1. */
  tpr: number[];
  /**
   * Decreasing score thresholds: point `i` counts examples with `score >= thresholds[i]` as positive.
   * `thresholds[0]` is the highest score + 1 (scikit-learn 1.2's convention), giving the point (0, 0).
   */
  thresholds: number[];
}

/**
 * ROC curve of a binary problem, like scikit-learn 1.2 `roc_curve(y_true, y_score)`.
 *
 * @param yTrueBinary - length `N`: 1 (or `true`) for a positive example, 0 (or `false`) for a negative one;
 *   needs at least one of each.
 * @param scores - length `N`: any finite numbers, higher meaning "more positive" (probabilities, logits, ...).
 */
export function rocCurve(
  yTrueBinary: ArrayLike<number | boolean>,
  scores: ArrayLike<number>,
  options: RocCurveOptions = {},
): RocCurve {
  const fn = 'rocCurve';
  const { dropIntermediate = true } = checkOptions(fn, options, ['dropIntermediate']);
  checkBoolean(fn, 'options.dropIntermediate', dropIntermediate);
  const length = checkSameLength(fn, 'yTrueBinary', yTrueBinary, 'scores', scores);
  let positiveCount = 0;
  for (let i = 0; i < length; i++) {
    const label = yTrueBinary[i];
    if (label === 1 || label === true) positiveCount++;
    else if (label !== 0 && label !== false) {
      const error = typeof label === 'number' || typeof label === 'boolean' ? RangeError : TypeError;
      throw new error(`${fn}: expected yTrueBinary[${i}] to be 0, 1, false or true, got ${describeValue(label)}`);
    }
    const score = scores[i];
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      const error = typeof score === 'number' ? RangeError : TypeError;
      throw new error(`${fn}: expected scores[${i}] to be a finite number, got ${describeValue(score)}`);
    }
  }
  if (positiveCount === 0 || positiveCount === length) {
    throw new RangeError(
      `${fn}: expected both positive and negative examples in yTrueBinary, got ${positiveCount} positives out of ${length}`,
    );
  }
  const positives = new Float64Array(positiveCount);
  const negatives = new Float64Array(length - positiveCount);
  for (let i = 0, ip = 0, ineg = 0; i < length; i++) {
    const label = yTrueBinary[i];
    if (label === 1 || label === true) positives[ip++] = scores[i] + 0;
    else negatives[ineg++] = scores[i] + 0;
  }
  return curveFromSplit(sortSplit(positives, negatives), dropIntermediate);
}

/** Internal: ROC curve from sorted split scores (both halves non-empty). */
export function curveFromSplit(split: SplitScores, dropIntermediate: boolean): RocCurve {
  const { truePositives: tps, falsePositives: fps, thresholds, length } = curvePoints(split);
  // Indices of the points kept: scikit-learn keeps the ends and every point where the second difference
  // of fps or tps is non-zero (i.e. drops points in the middle of an evenly spaced straight run).
  const keep = new Int32Array(length);
  let kept = 0;
  keep[kept++] = 0;
  for (let i = 1; i < length - 1; i++) {
    if (
      !dropIntermediate ||
      length <= 2 ||
      fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0 ||
      tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0
    ) {
      keep[kept++] = i;
    }
  }
  if (length > 1) keep[kept++] = length - 1;
  const positives = split.positives.length;
  const negatives = split.negatives.length;
  const fpr: number[] = new Array(kept + 1);
  const tpr: number[] = new Array(kept + 1);
  const cut: number[] = new Array(kept + 1);
  fpr[0] = 0;
  tpr[0] = 0;
  cut[0] = thresholds[0] + 1;
  for (let k = 0; k < kept; k++) {
    const i = keep[k];
    fpr[k + 1] = fps[i] / negatives;
    tpr[k + 1] = tps[i] / positives;
    cut[k + 1] = thresholds[i];
  }
  return { fpr, tpr, thresholds: cut };
}
