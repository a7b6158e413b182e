/** Internal: one-vs-rest splits of multiclass scores, the shared core of the per-class ROC metrics. */
import { aucFromSorted, sortSplit, type SplitScores } from './binary-ranking.js';
import type { LabelArray, ScoreInput } from './types.js';
import { checkArrayLike } from '@digitkit/core';
import { checkLabels, checkNumClasses, flattenScores, type FlatScores } from './validate.js';

/** Validated labels and flat scores, plus per-class support. */
export interface ValidatedScores {
  scores: FlatScores;
  /** Number of examples of each true class. */
  support: Float64Array;
}

/** Validates `yTrue` (length `N`) against `yScore` (`[N][C]`) and counts each class. */
export function validateScores(
  fn: string,
  yTrue: LabelArray,
  yScore: ScoreInput,
  numClasses: number | undefined,
): ValidatedScores {
  const count = checkArrayLike(fn, 'yTrue', yTrue);
  if (numClasses !== undefined) checkNumClasses(fn, numClasses);
  const scores = flattenScores(fn, yScore, count, numClasses);
  checkLabels(fn, 'yTrue', yTrue, scores.numClasses);
  const support = new Float64Array(scores.numClasses);
  for (let i = 0; i < count; i++) support[yTrue[i]]++;
  return { scores, support };
}

/**
 * Splits the scores of class `c` into those of examples of class `c` (positives) and the rest, sorted.
 * Returns null when either side is empty (AUC undefined).
 */
export function classSplit(yTrue: LabelArray, validated: ValidatedScores, c: number): SplitScores | null {
  const { scores, support } = validated;
  const { data, count, numClasses } = scores;
  const positiveCount = support[c];
  if (positiveCount === 0 || positiveCount === count) return null;
  // Float32 scores (e.g. a tensor's dataSync()) keep float32 precision and get the O(n) radix sort.
  const float32 = data instanceof Float32Array;
  const positives = float32 ? new Float32Array(positiveCount) : new Float64Array(positiveCount);
  const negatives = float32 ? new Float32Array(count - positiveCount) : new Float64Array(count - positiveCount);
  let ip = 0;
  let ineg = 0;
  for (let i = 0, j = c; i < count; i++, j += numClasses) {
    // `+ 0` turns -0 into +0, which a typed-array sort (or the bit pattern) would order before +0.
    if (yTrue[i] === c) positives[ip++] = data[j] + 0;
    else negatives[ineg++] = data[j] + 0;
  }
  return sortSplit(positives, negatives);
}

/** One-vs-rest AUC of every class; null for a class with no positives or no negatives. */
export function perClassAucs(yTrue: LabelArray, validated: ValidatedScores): Array<number | null> {
  const result: Array<number | null> = [];
  for (let c = 0; c < validated.scores.numClasses; c++) {
    const split = classSplit(yTrue, validated, c);
    result.push(split === null ? null : aucFromSorted(split));
  }
  return result;
}

/** Macro (plain mean) and weighted (by support) averages over the classes whose AUC is defined. */
export function averageAucs(
  aucs: Array<number | null>,
  support: Float64Array,
): { macro: number; weighted: number } | null {
  let sum = 0;
  let defined = 0;
  let weightedSum = 0;
  let weightTotal = 0;
  aucs.forEach((auc, c) => {
    if (auc === null) return;
    sum += auc;
    defined++;
    weightedSum += auc * support[c];
    weightTotal += support[c];
  });
  if (defined === 0) return null;
  return { macro: sum / defined, weighted: weightedSum / weightTotal };
}
