/**
 * Perfect, all-wrong and single-class classifiers, with every expected value worked out by hand
 * (the derivations are in the comments).
 */
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  balancedAccuracy,
  classificationReport,
  cohenKappa,
  confusionMatrix,
  evaluateClassifier,
  expectedCalibrationError,
  logLoss,
  matthewsCorrcoef,
  mostConfusedPairs,
  perClassRocAuc,
  precisionRecallF1,
  rocAucOvr,
  topKAccuracy,
} from './index.js';
import { expectClose } from './test-support/fixtures.js';

describe('perfect classifier', () => {
  const yTrue = [0, 1, 2, 0, 1, 2, 2];
  // True class scored 0.8, the two others 0.1: rows sum to 1.
  const yScore = yTrue.map((t) => [0, 1, 2].map((c) => (c === t ? 0.8 : 0.1)));

  it('label metrics are all 1 and the matrix is diagonal', () => {
    expect(confusionMatrix(yTrue, yTrue)).toEqual([
      [2, 0, 0],
      [0, 2, 0],
      [0, 0, 3],
    ]);
    expect(accuracy(yTrue, yTrue)).toBe(1);
    expect(balancedAccuracy(yTrue, yTrue)).toBe(1);
    expect(precisionRecallF1(yTrue, yTrue, { average: 'none' })).toEqual({
      precision: [1, 1, 1],
      recall: [1, 1, 1],
      f1: [1, 1, 1],
      support: [2, 2, 3],
    });
    expect(cohenKappa(yTrue, yTrue)).toBe(1);
    expect(matthewsCorrcoef(yTrue, yTrue)).toBe(1);
    expect(mostConfusedPairs(confusionMatrix(yTrue, yTrue))).toEqual([]);
  });

  it('score metrics: AUC 1, log loss -ln 0.8, ECE |1 - 0.8|', () => {
    expect(perClassRocAuc(yTrue, yScore)).toEqual([1, 1, 1]);
    expect(rocAucOvr(yTrue, yScore)).toBe(1);
    expectClose(logLoss(yTrue, yScore), -Math.log(0.8), 'logLoss');
    expect(topKAccuracy(yTrue, yScore, 1)).toBe(1);
    const calibration = expectedCalibrationError(yTrue, yScore);
    expectClose(calibration.ece, 0.2, 'ece');
    // 0.8 lies in (11/15, 12/15] = (0.7333, 0.8]: bin 11 holds all seven examples.
    expect(calibration.bins.map((bin) => bin.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0]);
  });
});

describe('all-wrong classifier', () => {
  // Every example is predicted as another class: matrix rows [0,1,1], [1,0,1], [1,1,0].
  const yTrue = [0, 0, 1, 1, 2, 2];
  const yPred = [1, 2, 2, 0, 0, 1];
  // The predicted class scores 0.6, the remaining wrong class 0.3, the true class 0.1 (always last).
  const yScore = yTrue.map((t, i) => [0, 1, 2].map((c) => (c === t ? 0.1 : c === yPred[i] ? 0.6 : 0.3)));

  it('label metrics', () => {
    expect(confusionMatrix(yTrue, yPred)).toEqual([
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
    ]);
    expect(accuracy(yTrue, yPred)).toBe(0);
    expect(balancedAccuracy(yTrue, yPred)).toBe(0);
    expect(precisionRecallF1(yTrue, yPred, { average: 'macro' })).toEqual({
      precision: 0,
      recall: 0,
      f1: 0,
      support: 6,
    });
    // Marginals are all 2 of 6: chance agreement Σ 2·2/6 = 2, so kappa = 1 - 6 / (6 - 2) = -0.5.
    expectClose(cohenKappa(yTrue, yPred), -0.5, 'kappa');
    // MCC: (0·6 - Σ 2·2) / sqrt((36 - 12)(36 - 12)) = -12 / 24 = -0.5.
    expectClose(matthewsCorrcoef(yTrue, yPred), -0.5, 'mcc');
    expect(mostConfusedPairs(confusionMatrix(yTrue, yPred))).toEqual([
      { a: 0, b: 1, count: 2, aAsB: 1, bAsA: 1 },
      { a: 0, b: 2, count: 2, aAsB: 1, bAsA: 1 },
      { a: 1, b: 2, count: 2, aAsB: 1, bAsA: 1 },
    ]);
  });

  it('score metrics: AUC 0, top-2 0, top-3 1, log loss -ln 0.1, ECE 0.6', () => {
    expect(perClassRocAuc(yTrue, yScore)).toEqual([0, 0, 0]);
    expect(rocAucOvr(yTrue, yScore, { average: 'weighted' })).toBe(0);
    expect(topKAccuracy(yTrue, yScore, 1)).toBe(0);
    expect(topKAccuracy(yTrue, yScore, 2)).toBe(0);
    expect(topKAccuracy(yTrue, yScore, 3)).toBe(1);
    expectClose(logLoss(yTrue, yScore), -Math.log(0.1), 'logLoss');
    expectClose(expectedCalibrationError(yTrue, yScore).ece, 0.6, 'ece');
    const result = evaluateClassifier(yTrue, yScore);
    expect(result.yPred).toEqual(yPred);
    expect(result.rocAuc).toEqual({ macro: 0, weighted: 0, perClass: [0, 0, 0] });
  });
});

describe('single class', () => {
  const yTrue = [1, 1, 1, 1];

  it('perfect on one class of three', () => {
    const report = classificationReport(yTrue, yTrue, { numClasses: 3 });
    // Classes 0 and 2 are never true nor predicted: precision = recall = f1 = 0 (zero division).
    expect(report.perClass.map((row) => [row.precision, row.recall, row.f1, row.support])).toEqual([
      [0, 0, 0, 0],
      [1, 1, 1, 4],
      [0, 0, 0, 0],
    ]);
    expectClose(report.macro.f1, 1 / 3, 'macro f1');
    expect(report.weighted).toEqual({ precision: 1, recall: 1, f1: 1, support: 4 });
    expect(report.accuracy).toBe(1);
    // Only class 1 occurs in the truth, so balanced accuracy is its recall.
    expect(balancedAccuracy(yTrue, yTrue, { numClasses: 3 })).toBe(1);
    // Chance agreement is already 1: kappa is 0/0 (scikit-learn 1.2 returns nan too); MCC is defined as 0.
    expect(cohenKappa(yTrue, yTrue)).toBeNaN();
    expect(matthewsCorrcoef(yTrue, yTrue)).toBe(0);
  });

  it('single true class with wrong predictions', () => {
    const yPred = [1, 1, 0, 2];
    // agree 2 of 4; chance agreement Σ pred·true / N = 2·4/4 = 2 → kappa = 1 - 2/2 = 0.
    expect(cohenKappa(yTrue, yPred)).toBe(0);
    expect(matthewsCorrcoef(yTrue, yPred)).toBe(0);
    expect(accuracy(yTrue, yPred)).toBe(0.5);
    expect(balancedAccuracy(yTrue, yPred)).toBe(0.5);
  });

  it('ROC AUC is undefined: null per class, RangeError for the average, null in evaluateClassifier', () => {
    const yScore = [
      [0.2, 0.7, 0.1],
      [0.1, 0.8, 0.1],
      [0.3, 0.3, 0.4],
      [0.6, 0.2, 0.2],
    ];
    expect(perClassRocAuc(yTrue, yScore)).toEqual([null, null, null]);
    expect(() => rocAucOvr(yTrue, yScore)).toThrow(RangeError);
    expect(() => rocAucOvr(yTrue, yScore)).toThrow(
      /rocAucOvr: expected at least two classes in yTrue, got only class 1/,
    );
    const result = evaluateClassifier(yTrue, yScore);
    expect(result.rocAuc).toEqual({ macro: null, weighted: null, perClass: [null, null, null] });
    expect(result.rocCurves).toEqual([]);
    // Row 2 ties 0.3/0.3 between classes 0 and 1: argmax takes the lowest index.
    expect(result.yPred).toEqual([1, 1, 2, 0]);
    expect(result.accuracy).toBe(0.5);
  });
});
