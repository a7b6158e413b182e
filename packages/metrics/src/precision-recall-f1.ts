import { checkOneOf, checkOptions } from '@digitkit/core';
import { classTotals } from './count-matrix.js';
import { validatedCounts } from './label-pairs.js';
import type { Average, LabelArray, PrecisionRecallF1Scores } from './types.js';

/** Options of {@link precisionRecallF1}. */
export interface PrecisionRecallF1Options {
  /** Number of classes `C`; labels must lie in `[0, C)`. Default: largest label in either array + 1. */
  numClasses?: number;
  /**
   * How per-class scores are combined. Default `'macro'`.
   * - `'macro'`: unweighted mean over all `C` classes (absent classes count with their zero-division value);
   * - `'micro'`: from the total counts (equals accuracy for single-label data);
   * - `'weighted'`: mean weighted by support (true examples per class);
   * - `'none'`: one value per class (arrays of length `C`).
   */
  average?: Average;
  /** Value of precision (recall) for a class that is never predicted (never true): `0` (default) or `1`, as scikit-learn 1.2. */
  zeroDivision?: 0 | 1;
}

const PRECISION_RECALL_F1_OPTIONS = ['numClasses', 'average', 'zeroDivision'] as const;
const AVERAGES = ['macro', 'micro', 'weighted', 'none'] as const;

/** Per-class result of {@link precisionRecallF1} with `average: 'none'`: arrays of length `C`. */
export interface PerClassScores {
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
}

/** Internal: every per-class and averaged score, computed once from flat counts. */
export interface AllScores {
  perClass: PerClassScores;
  macro: PrecisionRecallF1Scores;
  micro: PrecisionRecallF1Scores;
  weighted: PrecisionRecallF1Scores;
}

/**
 * Precision, recall and F1 like scikit-learn 1.2 `precision_recall_fscore_support(labels=range(C))`.
 *
 * @param yTrue - true labels, length `N`, integers in `[0, C)`.
 * @param yPred - predicted labels, length `N`, integers in `[0, C)`.
 * @returns numbers for `'macro' | 'micro' | 'weighted'` (support = `N`), arrays of length `C` for `'none'`.
 */
export function precisionRecallF1(
  yTrue: LabelArray,
  yPred: LabelArray,
  options: PrecisionRecallF1Options & { average: 'none' },
): PerClassScores;
export function precisionRecallF1(
  yTrue: LabelArray,
  yPred: LabelArray,
  options?: PrecisionRecallF1Options & { average?: 'macro' | 'micro' | 'weighted' },
): PrecisionRecallF1Scores;
export function precisionRecallF1(
  yTrue: LabelArray,
  yPred: LabelArray,
  options?: PrecisionRecallF1Options,
): PrecisionRecallF1Scores | PerClassScores;
export function precisionRecallF1(
  yTrue: LabelArray,
  yPred: LabelArray,
  options: PrecisionRecallF1Options = {},
): PrecisionRecallF1Scores | PerClassScores {
  const fn = 'precisionRecallF1';
  const checked = checkOptions(fn, options, PRECISION_RECALL_F1_OPTIONS);
  const average = checkOneOf(fn, 'options.average', checked.average ?? 'macro', AVERAGES);
  const zeroDivision = checkZeroDivision(fn, checked.zeroDivision);
  const { counts, numClasses } = validatedCounts(fn, yTrue, yPred, checked.numClasses);
  const scores = scoresFromCounts(counts, numClasses, zeroDivision);
  return average === 'none' ? scores.perClass : scores[average];
}

/** Internal: validates `zeroDivision` (0 or 1, the values scikit-learn 1.2 accepts; default 0). */
export function checkZeroDivision(fn: string, zeroDivision: unknown): number {
  return zeroDivision === undefined ? 0 : checkOneOf(fn, 'options.zeroDivision', zeroDivision, [0, 1] as const);
}

/** Internal: per-class scores and all three averages from flat counts (scikit-learn 1.2 conventions). */
export function scoresFromCounts(counts: Float64Array, numClasses: number, zeroDivision: number): AllScores {
  const { truePositives, trueCounts, predictedCounts, total } = classTotals(counts, numClasses);
  const precision: number[] = new Array(numClasses);
  const recall: number[] = new Array(numClasses);
  const f1: number[] = new Array(numClasses);
  const support: number[] = new Array(numClasses);
  let correct = 0;
  for (let c = 0; c < numClasses; c++) {
    const tp = truePositives[c];
    correct += tp;
    precision[c] = predictedCounts[c] === 0 ? zeroDivision : tp / predictedCounts[c];
    recall[c] = trueCounts[c] === 0 ? zeroDivision : tp / trueCounts[c];
    f1[c] = harmonicMean(precision[c], recall[c]);
    support[c] = trueCounts[c];
  }
  const macro = {
    precision: mean(precision),
    recall: mean(recall),
    f1: mean(f1),
    support: total,
  };
  const microValue = correct / total;
  const micro = { precision: microValue, recall: microValue, f1: harmonicMean(microValue, microValue), support: total };
  const weighted = {
    precision: weightedMean(precision, support, total),
    recall: weightedMean(recall, support, total),
    f1: weightedMean(f1, support, total),
    support: total,
  };
  return { perClass: { precision, recall, f1, support }, macro, micro, weighted };
}

/** F1 as scikit-learn 1.2 computes it: `2pr / (p + r)`, and 0 when `p + r = 0`. */
function harmonicMean(p: number, r: number): number {
  const denominator = p + r;
  return denominator === 0 ? 0 : (2 * p * r) / denominator;
}

function mean(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function weightedMean(values: number[], weights: number[], totalWeight: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * weights[i];
  return sum / totalWeight;
}
