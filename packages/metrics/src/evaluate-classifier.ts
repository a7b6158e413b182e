import { argmaxRows, checkInteger, checkOptions } from '@digitkit/core';
import { balancedAccuracyFromCounts } from './balanced-accuracy.js';
import { aucFromSorted } from './binary-ranking.js';
import { checkDigits, resolveLabelNames, reportFromCounts, type ClassificationReport } from './classification-report.js';
import { cohenKappaFromCounts } from './cohen-kappa.js';
import { countMatrix, toRows } from './count-matrix.js';
import { calibrationFromScores, checkBins, type CalibrationResult } from './expected-calibration-error.js';
import { logLossFromScores } from './log-loss.js';
import { matthewsFromCounts } from './matthews-corrcoef.js';
import { mostConfusedPairs, type ConfusedPair } from './most-confused-pairs.js';
import { averageAucs, classSplit, validateScores } from './one-vs-rest.js';
import { checkZeroDivision } from './precision-recall-f1.js';
import { curveFromSplit, type RocCurve } from './roc-curve.js';
import { topKFromScores } from './top-k-accuracy.js';
import type { LabelArray, ScoreInput } from './types.js';
import { checkMatrixClasses } from './validate.js';

/** Options of {@link evaluateClassifier}. */
export interface EvaluateClassifierOptions {
  /** Number of classes `C` (columns of `yScore`). Default: row width, or `yScore.length / N` for flat scores. */
  numClasses?: number;
  /** Display name of each class, length `C`. Default `'0'`, `'1'`, ... */
  labelNames?: readonly string[];
  /** Decimals in the report text. Default 4. */
  digits?: number;
  /** Reliability bins of the calibration error. Default 15. */
  bins?: number;
  /** Number of most confused pairs returned. Default 5. */
  top?: number;
  /** Precision (recall) of a class never predicted (never true): 0 (default) or 1. */
  zeroDivision?: 0 | 1;
}

const EVALUATE_CLASSIFIER_OPTIONS = ['numClasses', 'labelNames', 'digits', 'bins', 'top', 'zeroDivision'] as const;

/** A one-vs-rest ROC curve of one class, with its area. */
export interface ClassRocCurve extends RocCurve {
  /** Class name (`labelNames[c]` or the index as a string). */
  label: string;
  /** Class index `c`. */
  classIndex: number;
  /** Area under this curve (= `rocAuc.perClass[c]`). */
  auc: number;
}

/** Everything a classification report needs, from {@link evaluateClassifier}. */
export interface ClassifierEvaluation {
  /** Fraction of examples whose top-scoring class is the true class. */
  accuracy: number;
  /** Mean recall over the classes present in `yTrue`. */
  balancedAccuracy: number;
  /** `[C][C]` counts, rows = true class, columns = predicted (top-scoring) class. */
  confusionMatrix: number[][];
  /** Per-class precision/recall/F1/support, macro and weighted averages, accuracy and text table. */
  report: ClassificationReport;
  /** Macro-averaged precision (= `report.macro.precision`). */
  precisionMacro: number;
  /** Macro-averaged recall (= `report.macro.recall`). */
  recallMacro: number;
  /** Macro-averaged F1 (= `report.macro.f1`). */
  f1Macro: number;
  /** One-vs-rest ROC AUC: per class (null where undefined) and its macro/weighted averages (null if none is defined). */
  rocAuc: { macro: number | null; weighted: number | null; perClass: Array<number | null> };
  /** One ROC curve per class whose AUC is defined (classes with no positive or no negative are skipped). */
  rocCurves: ClassRocCurve[];
  /** Mean cross-entropy in nats (scikit-learn `log_loss` conventions). */
  logLoss: number;
  /** Top-1, top-2 and top-3 accuracy (1 when `k >= C`). */
  topKAccuracy: { 1: number; 2: number; 3: number };
  /** Cohen's kappa (NaN when undefined). */
  cohenKappa: number;
  /** Matthews correlation coefficient. */
  matthewsCorrcoef: number;
  /** The class pairs confused most often, both directions counted. */
  mostConfusedPairs: ConfusedPair[];
  /** Expected calibration error and reliability bins. */
  calibration: CalibrationResult;
  /** Predicted class of each example: the index of its highest score (lowest index on ties), length `N`. */
  yPred: number[];
}

/**
 * Evaluates class scores against true labels in one pass over the data: every metric of this package.
 *
 * @param yTrue - true labels, length `N`, integers in `[0, C)`.
 * @param yScore - `[N][C]` rows or a flat `N * C` array of probabilities (e.g. softmax output of a model).
 */
export function evaluateClassifier(
  yTrue: LabelArray,
  yScore: ScoreInput,
  options: EvaluateClassifierOptions = {},
): ClassifierEvaluation {
  const fn = 'evaluateClassifier';
  const {
    numClasses: requested,
    labelNames: names,
    digits = 4,
    bins = 15,
    top = 5,
    zeroDivision,
  } = checkOptions(fn, options, EVALUATE_CLASSIFIER_OPTIONS);
  checkDigits(fn, digits);
  checkBins(fn, bins);
  checkInteger(fn, 'options.top', top, { min: 0 });
  const zero = checkZeroDivision(fn, zeroDivision);
  const validated = validateScores(fn, yTrue, yScore, requested);
  const { scores, support } = validated;
  const { data, numClasses } = scores;
  checkMatrixClasses(fn, numClasses, `yScore has ${numClasses} columns`);
  const labelNames = resolveLabelNames(fn, names, numClasses);

  // Arg-max per row, lowest index on ties (scores are validated finite, so NaN cannot occur).
  const yPred = Array.from(argmaxRows(data, numClasses));
  const counts = countMatrix(yTrue, yPred, numClasses);
  const report = reportFromCounts(counts, numClasses, labelNames, digits, zero);
  const matrix = toRows(counts, numClasses);

  const perClass: Array<number | null> = [];
  const rocCurves: ClassRocCurve[] = [];
  for (let c = 0; c < numClasses; c++) {
    const split = classSplit(yTrue, validated, c);
    if (split === null) {
      perClass.push(null);
      continue;
    }
    const auc = aucFromSorted(split);
    perClass.push(auc);
    rocCurves.push({ label: labelNames[c], classIndex: c, ...curveFromSplit(split, true), auc });
  }
  const averages = averageAucs(perClass, support);

  return {
    accuracy: report.accuracy,
    balancedAccuracy: balancedAccuracyFromCounts(counts, numClasses),
    confusionMatrix: matrix,
    report,
    precisionMacro: report.macro.precision,
    recallMacro: report.macro.recall,
    f1Macro: report.macro.f1,
    rocAuc: { macro: averages?.macro ?? null, weighted: averages?.weighted ?? null, perClass },
    rocCurves,
    logLoss: logLossFromScores(yTrue, scores),
    topKAccuracy: {
      1: topKFromScores(yTrue, scores, 1),
      2: topKFromScores(yTrue, scores, 2),
      3: topKFromScores(yTrue, scores, 3),
    },
    cohenKappa: cohenKappaFromCounts(counts, numClasses),
    matthewsCorrcoef: matthewsFromCounts(counts, numClasses),
    mostConfusedPairs: mostConfusedPairs(matrix, { top }),
    calibration: calibrationFromScores(fn, yTrue, scores, bins),
    yPred,
  };
}
