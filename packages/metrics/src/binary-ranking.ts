import { radixSortFloat32, radixSortFloat64 } from './radix-sort.js';

/**
 * Internal: the sorted-scores core of ROC curves and AUC. Positive and negative scores are sorted
 * separately (radix sorts on typed arrays, no comparator), which is all that ranking metrics need.
 */

/** Scores of positive and negative examples, each sorted ascending. */
export interface SplitScores {
  positives: Float64Array | Float32Array;
  negatives: Float64Array | Float32Array;
}

/**
 * Sorts both halves in place (ascending) by radix sort and returns them. Float32Array halves must hold
 * non-negative scores; Float64Array halves any finite numbers. `-0` must already be normalized to `+0`.
 */
export function sortSplit<T extends Float64Array | Float32Array>(positives: T, negatives: T): SplitScores {
  for (const half of [positives, negatives]) {
    if (half instanceof Float32Array) {
      if (half.length > 64) radixSortFloat32(half);
      else half.sort();
    } else radixSortFloat64(half as Float64Array);
  }
  return { positives, negatives };
}

/**
 * Area under the ROC curve from sorted scores: the probability that a random positive scores above a
 * random negative, ties counting one half (Mann-Whitney U / (P·N), equal to scikit-learn's trapezoidal
 * area with tied scores sharing their average rank). Both halves must be non-empty.
 */
export function aucFromSorted({ positives, negatives }: SplitScores): number {
  const p = positives.length;
  const n = negatives.length;
  let below = 0; // negatives strictly below the current positive score
  let atOrBelow = 0; // negatives <= the current positive score
  let twiceWins = 0; // 2 · (pairs won + ties / 2), an exact integer
  for (let i = 0; i < p; i++) {
    const v = positives[i];
    while (below < n && negatives[below] < v) below++;
    if (atOrBelow < below) atOrBelow = below;
    while (atOrBelow < n && negatives[atOrBelow] <= v) atOrBelow++;
    twiceWins += below + atOrBelow;
  }
  return twiceWins / (2 * p * n);
}

/** Points of a binary classification curve, in typed arrays of which the first `length` entries are used. */
export interface CurvePoints {
  truePositives: Float64Array;
  falsePositives: Float64Array;
  thresholds: Float64Array;
  length: number;
}

/**
 * The points of scikit-learn's `_binary_clf_curve`: one per distinct score, from the highest score down,
 * with the cumulative numbers of true and false positives at or above that score.
 */
export function curvePoints({ positives, negatives }: SplitScores): CurvePoints {
  const capacity = positives.length + negatives.length;
  const truePositives = new Float64Array(capacity);
  const falsePositives = new Float64Array(capacity);
  const thresholds = new Float64Array(capacity);
  let ip = positives.length - 1;
  let ineg = negatives.length - 1;
  let tp = 0;
  let fp = 0;
  let length = 0;
  while (ip >= 0 || ineg >= 0) {
    const pv = ip >= 0 ? positives[ip] : -Infinity;
    const nv = ineg >= 0 ? negatives[ineg] : -Infinity;
    const v = pv > nv ? pv : nv;
    while (ip >= 0 && positives[ip] === v) {
      tp++;
      ip--;
    }
    while (ineg >= 0 && negatives[ineg] === v) {
      fp++;
      ineg--;
    }
    truePositives[length] = tp;
    falsePositives[length] = fp;
    thresholds[length] = v;
    length++;
  }
  return { truePositives, falsePositives, thresholds, length };
}
