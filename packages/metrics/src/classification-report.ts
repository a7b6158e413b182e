import { checkInteger, checkOptions, describeValue } from '@digitkit/core';
import { classTotals } from './count-matrix.js';
import { formatFixed, padStart } from './format-fixed.js';
import { validatedCounts } from './label-pairs.js';
import { checkZeroDivision, scoresFromCounts } from './precision-recall-f1.js';
import type { LabelArray, PrecisionRecallF1Scores } from './types.js';

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /** Number of classes `C`; labels must lie in `[0, C)`. Default: largest label in either array + 1. */
  numClasses?: number;
  /** Display name of each class, length `C`. Default: `'0'`, `'1'`, ... */
  labelNames?: readonly string[];
  /** Decimals of the scores in `text` (the numbers in the object are not rounded). Default 4. */
  digits?: number;
  /** Value of precision (recall) for a class never predicted (never true): 0 (default) or 1, as scikit-learn 1.2. */
  zeroDivision?: 0 | 1;
}

const CLASSIFICATION_REPORT_OPTIONS = ['numClasses', 'labelNames', 'digits', 'zeroDivision'] as const;

/** One row of a {@link ClassificationReport}. */
export interface ClassReportRow extends PrecisionRecallF1Scores {
  /** Class name (`labelNames[c]`, or the class index as a string). */
  label: string;
}

/** Result of {@link classificationReport}. */
export interface ClassificationReport {
  /** One row per class `0..C-1`, in class order. */
  perClass: ClassReportRow[];
  /** Unweighted mean over all `C` classes; support = `N`. */
  macro: PrecisionRecallF1Scores;
  /** Mean weighted by support; support = `N`. */
  weighted: PrecisionRecallF1Scores;
  /** Fraction of correct predictions (equals micro-averaged precision, recall and F1). */
  accuracy: number;
  /**
   * Plain-text table laid out exactly like scikit-learn's `classification_report(..., digits)`; ends with a
   * newline. Like scikit-learn, the summary starts with an `accuracy` row, or with a `micro avg` row (same
   * value) when some class occurs neither in `yTrue` nor in `yPred`.
   */
  text: string;
}

/**
 * Per-class precision, recall, F1 and support plus macro and weighted averages and accuracy, like
 * scikit-learn 1.2 `classification_report(y_true, y_pred, labels=range(C), target_names=labelNames, digits=digits)`.
 *
 * @param yTrue - true labels, length `N`, integers in `[0, C)`.
 * @param yPred - predicted labels, length `N`, integers in `[0, C)`.
 */
export function classificationReport(
  yTrue: LabelArray,
  yPred: LabelArray,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const fn = 'classificationReport';
  const checked = checkOptions(fn, options, CLASSIFICATION_REPORT_OPTIONS);
  const digits = checkDigits(fn, checked.digits ?? 4);
  const zeroDivision = checkZeroDivision(fn, checked.zeroDivision);
  const { counts, numClasses } = validatedCounts(fn, yTrue, yPred, checked.numClasses);
  const labelNames = resolveLabelNames(fn, checked.labelNames, numClasses);
  return reportFromCounts(counts, numClasses, labelNames, digits, zeroDivision);
}

/** Internal: `options.digits`, an integer in `[0, 20]` (Python formats at most 20 decimals meaningfully). */
export function checkDigits(fn: string, digits: unknown): number {
  return checkInteger(fn, 'options.digits', digits, { min: 0, max: 20 });
}

/** Internal: checks `labelNames` (length `C`, strings) or returns `'0'..'C-1'`. */
export function resolveLabelNames(fn: string, labelNames: unknown, numClasses: number): string[] {
  if (labelNames === undefined) return Array.from({ length: numClasses }, (_, c) => String(c));
  if (!Array.isArray(labelNames)) {
    throw new TypeError(
      `${fn}: expected options.labelNames to be an array of ${numClasses} strings, got ${describeValue(labelNames)}`,
    );
  }
  if (labelNames.length !== numClasses) {
    throw new RangeError(
      `${fn}: expected options.labelNames to hold ${numClasses} names (one per class), got ${labelNames.length}`,
    );
  }
  labelNames.forEach((name, c) => {
    if (typeof name !== 'string') {
      throw new TypeError(`${fn}: expected options.labelNames[${c}] to be a string, got ${describeValue(name)}`);
    }
  });
  return labelNames.slice();
}

/** Internal: the report from flat counts. */
export function reportFromCounts(
  counts: Float64Array,
  numClasses: number,
  labelNames: string[],
  digits: number,
  zeroDivision: number,
): ClassificationReport {
  const scores = scoresFromCounts(counts, numClasses, zeroDivision);
  const { precision, recall, f1, support } = scores.perClass;
  const perClass: ClassReportRow[] = labelNames.map((label, c) => ({
    label,
    precision: precision[c],
    recall: recall[c],
    f1: f1[c],
    support: support[c],
  }));
  const accuracy = scores.micro.f1;
  // scikit-learn prints an "accuracy" row only when every listed label occurs in y_true or y_pred;
  // otherwise it prints the (numerically equal) "micro avg" row.
  const { trueCounts, predictedCounts } = classTotals(counts, numClasses);
  let everyClassSeen = true;
  for (let c = 0; c < numClasses; c++) if (trueCounts[c] === 0 && predictedCounts[c] === 0) everyClassSeen = false;
  const text = formatReport(perClass, scores.macro, scores.weighted, scores.micro, everyClassSeen, digits);
  return { perClass, macro: scores.macro, weighted: scores.weighted, accuracy, text };
}

/**
 * scikit-learn's layout: the name column is as wide as the longest of the class names, `'weighted avg'`
 * and `digits`; then four right-aligned columns of width 9, each preceded by one space. The first summary
 * row is `accuracy` (F1 column only) when every class occurs in the truth or the predictions, else `micro avg`.
 */
function formatReport(
  rows: ClassReportRow[],
  macro: PrecisionRecallF1Scores,
  weighted: PrecisionRecallF1Scores,
  micro: PrecisionRecallF1Scores,
  accuracyRow: boolean,
  digits: number,
): string {
  const heading = 'weighted avg';
  const width = Math.max(heading.length, digits, ...rows.map((row) => row.label.length));
  const column = (text: string) => ' ' + padStart(text, 9);
  const line = (name: string, cells: string[]) => padStart(name, width) + ' ' + cells.map(column).join('') + '\n';
  const scoreLine = (name: string, s: PrecisionRecallF1Scores) =>
    line(name, [
      formatFixed(s.precision, digits),
      formatFixed(s.recall, digits),
      formatFixed(s.f1, digits),
      String(s.support),
    ]);
  let text = line('', ['precision', 'recall', 'f1-score', 'support']) + '\n';
  for (const row of rows) text += scoreLine(row.label, row);
  text += '\n';
  text += accuracyRow
    ? line('accuracy', ['', '', formatFixed(micro.f1, digits), String(micro.support)])
    : scoreLine('micro avg', micro);
  text += scoreLine('macro avg', macro);
  text += scoreLine(heading, weighted);
  return text;
}
