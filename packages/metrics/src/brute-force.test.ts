/**
 * Random cases (with many tied scores) checked against slow, obviously-correct reference implementations
 * written from the definitions: pair counting for AUC, threshold sweeps for ROC, explicit sorting for
 * top-k, one-hot covariances for MCC, per-bin filtering for calibration.
 */
import { describe, expect, it } from 'vitest';
import {
  balancedAccuracy,
  cohenKappa,
  confusionMatrix,
  evaluateClassifier,
  expectedCalibrationError,
  logLoss,
  matthewsCorrcoef,
  perClassRocAuc,
  precisionRecallF1,
  rocAucOvr,
  rocCurve,
  topKAccuracy,
} from './index.js';
import { expectClose } from './test-support/fixtures.js';
import { seeded } from './test-support/seeded-random.js';


interface RandomCase {
  yTrue: number[];
  yPred: number[];
  yScore: number[][];
  numClasses: number;
}

/** Scores on a grid of `levels` steps (so ties are frequent), rows normalized to sum to 1. */
function randomCase(seed: number, count: number, numClasses: number, levels: number): RandomCase {
  const random = seeded(seed);
  const yTrue = Array.from({ length: count }, () => Math.floor(random() * numClasses));
  const yScore = yTrue.map((t) => {
    const raw = Array.from(
      { length: numClasses },
      (_, c) => Math.floor(random() * levels) + (c === t ? levels / 2 : 0) + 1,
    );
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((v) => v / sum);
  });
  const yPred = yScore.map((row) => row.indexOf(Math.max(...row)));
  return { yTrue, yPred, yScore, numClasses };
}

function pairAuc(positives: number[], negatives: number[]): number {
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

const cases = [
  randomCase(1, 300, 10, 6),
  randomCase(2, 257, 4, 3),
  randomCase(3, 50, 2, 4),
  randomCase(4, 1000, 10, 1000),
  randomCase(5, 120, 7, 2),
];

describe('brute-force references on random tied data', () => {
  cases.forEach(({ yTrue, yPred, yScore, numClasses }, index) => {
    describe(`case ${index} (N=${yTrue.length}, C=${numClasses})`, () => {
      it('confusion matrix, precision, recall, F1, balanced accuracy', () => {
        const matrix = confusionMatrix(yTrue, yPred, { numClasses });
        const perClass = precisionRecallF1(yTrue, yPred, { numClasses, average: 'none' });
        let recallSum = 0;
        let present = 0;
        for (let t = 0; t < numClasses; t++) {
          for (let p = 0; p < numClasses; p++) {
            expect(matrix[t][p]).toBe(yTrue.filter((v, i) => v === t && yPred[i] === p).length);
          }
          const tp = yTrue.filter((v, i) => v === t && yPred[i] === t).length;
          const predicted = yPred.filter((v) => v === t).length;
          const actual = yTrue.filter((v) => v === t).length;
          const precision = predicted ? tp / predicted : 0;
          const recall = actual ? tp / actual : 0;
          expectClose(perClass.precision[t], precision, `precision ${t}`);
          expectClose(perClass.recall[t], recall, `recall ${t}`);
          expectClose(
            perClass.f1[t],
            precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
            `f1 ${t}`,
          );
          if (actual) {
            recallSum += recall;
            present++;
          }
        }
        expectClose(balancedAccuracy(yTrue, yPred, { numClasses }), recallSum / present, 'balanced accuracy');
        const micro = precisionRecallF1(yTrue, yPred, { numClasses, average: 'micro' });
        const correct = yTrue.filter((v, i) => v === yPred[i]).length / yTrue.length;
        expectClose(micro.f1, correct, 'micro f1');
      });

      it('per-class AUC equals pair counting; OvR averages over classes', () => {
        const aucs = perClassRocAuc(yTrue, yScore);
        const support = Array.from({ length: numClasses }, (_, c) => yTrue.filter((v) => v === c).length);
        const reference = support.map((_, c) =>
          pairAuc(
            yScore.filter((_, i) => yTrue[i] === c).map((row) => row[c]),
            yScore.filter((_, i) => yTrue[i] !== c).map((row) => row[c]),
          ),
        );
        expectClose(aucs, reference, 'perClassRocAuc');
        const macro = reference.reduce((a, b) => a + b, 0) / numClasses;
        const weighted = reference.reduce((a, b, c) => a + b * support[c], 0) / yTrue.length;
        expectClose(rocAucOvr(yTrue, yScore), macro, 'macro');
        expectClose(rocAucOvr(yTrue, Float64Array.from(yScore.flat()), { average: 'weighted' }), weighted, 'weighted');
      });

      it('ROC curve of class 0 equals a threshold sweep, and its trapezoid area equals pair counting', () => {
        const binary = yTrue.map((v) => (v === 0 ? 1 : 0));
        const scores = yScore.map((row) => row[0]);
        const positives = binary.filter((v) => v === 1).length;
        const negatives = binary.length - positives;
        const thresholds = [...new Set(scores)].sort((a, b) => b - a);
        const full = rocCurve(binary, scores, { dropIntermediate: false });
        expect(full.thresholds).toEqual([thresholds[0] + 1, ...thresholds]);
        thresholds.forEach((threshold, i) => {
          const tp = scores.filter((s, j) => s >= threshold && binary[j] === 1).length;
          const fp = scores.filter((s, j) => s >= threshold && binary[j] === 0).length;
          expectClose(full.tpr[i + 1], tp / positives, `tpr at ${threshold}`);
          expectClose(full.fpr[i + 1], fp / negatives, `fpr at ${threshold}`);
        });
        const dropped = rocCurve(binary, scores);
        const trapezoid = (curve: { fpr: number[]; tpr: number[] }) =>
          curve.fpr
            .slice(1)
            .reduce((area, x, i) => area + ((x - curve.fpr[i]) * (curve.tpr[i + 1] + curve.tpr[i])) / 2, 0);
        const reference = pairAuc(
          scores.filter((_, j) => binary[j] === 1),
          scores.filter((_, j) => binary[j] === 0),
        );
        expectClose(trapezoid(full), reference, 'area of the full curve');
        expectClose(trapezoid(dropped), reference, 'area with intermediate points dropped');
        // Every kept point is a point of the full curve.
        dropped.thresholds.forEach((t, i) => {
          const j = full.thresholds.indexOf(t);
          expect(j).toBeGreaterThanOrEqual(0);
          expect([full.fpr[j], full.tpr[j]]).toEqual([dropped.fpr[i], dropped.tpr[i]]);
        });
      });

      it('top-k by explicit sorting (higher index first among ties)', () => {
        for (let k = 1; k <= numClasses; k++) {
          const hits = yScore.filter((row, i) => {
            const order = row.map((s, c) => ({ s, c })).sort((a, b) => b.s - a.s || b.c - a.c);
            return order.slice(0, k).some((entry) => entry.c === yTrue[i]);
          }).length;
          expectClose(topKAccuracy(yTrue, yScore, k), hits / yTrue.length, `top-${k}`);
        }
      });

      it('log loss, kappa and MCC from their definitions', () => {
        const eps = 2.220446049250313e-16;
        const loss =
          yScore
            .map((row, i) => {
              const clipped = row.map((p) => Math.min(Math.max(p, eps), 1 - eps));
              return -Math.log(clipped[yTrue[i]] / clipped.reduce((a, b) => a + b, 0));
            })
            .reduce((a, b) => a + b, 0) / yTrue.length;
        expectClose(logLoss(yTrue, yScore), loss, 'logLoss');

        const n = yTrue.length;
        const observed = yTrue.filter((v, i) => v === yPred[i]).length / n;
        let chance = 0;
        for (let c = 0; c < numClasses; c++) {
          chance += (yTrue.filter((v) => v === c).length / n) * (yPred.filter((v) => v === c).length / n);
        }
        expectClose(cohenKappa(yTrue, yPred), (observed - chance) / (1 - chance), 'kappa');

        // MCC = Pearson correlation of the one-hot matrices X (truth) and Y (prediction).
        const oneHot = (labels: number[]) =>
          labels.map((v) => Array.from({ length: numClasses }, (_, c) => (v === c ? 1 : 0)));
        const x = oneHot(yTrue);
        const y = oneHot(yPred);
        const cov = (a: number[][], b: number[][]) => {
          let sum = 0;
          for (let c = 0; c < numClasses; c++) {
            const meanA = a.reduce((s, row) => s + row[c], 0) / n;
            const meanB = b.reduce((s, row) => s + row[c], 0) / n;
            for (let i = 0; i < n; i++) sum += (a[i][c] - meanA) * (b[i][c] - meanB);
          }
          return sum;
        };
        expectClose(matthewsCorrcoef(yTrue, yPred), cov(x, y) / Math.sqrt(cov(x, x) * cov(y, y)), 'mcc');
      });

      it('calibration error by filtering each bin', () => {
        for (const binCount of [1, 10, 15]) {
          const result = expectedCalibrationError(yTrue, yScore, { bins: binCount });
          let ece = 0;
          for (let b = 0; b < binCount; b++) {
            const lower = b / binCount;
            const upper = (b + 1) / binCount;
            const members = yScore
              .map((row, i) => ({ confidence: Math.max(...row), correct: row.indexOf(Math.max(...row)) === yTrue[i] }))
              .filter(({ confidence }) => (confidence > lower || (b === 0 && confidence === 0)) && confidence <= upper);
            const bin = result.bins[b];
            expect(bin.count).toBe(members.length);
            expect([bin.lower, bin.upper]).toEqual([lower, upper]);
            if (members.length === 0) {
              expect([bin.confidence, bin.accuracy]).toEqual([null, null]);
              continue;
            }
            const confidence = members.reduce((s, m) => s + m.confidence, 0) / members.length;
            const accuracyInBin = members.filter((m) => m.correct).length / members.length;
            expectClose(bin.confidence, confidence, `bin ${b} confidence`);
            expectClose(bin.accuracy, accuracyInBin, `bin ${b} accuracy`);
            ece += (members.length / yTrue.length) * Math.abs(accuracyInBin - confidence);
          }
          expectClose(result.ece, ece, `ece with ${binCount} bins`);
        }
      });

      it('evaluateClassifier agrees with the single functions', () => {
        const result = evaluateClassifier(yTrue, Float32Array.from(yScore.flat()), { numClasses });
        // Float32 rounding can change the arg-max only through ties, which float32 keeps as ties.
        const f32 = Array.from({ length: yTrue.length }, (_, i) => Array.from(Float32Array.from(yScore[i])));
        const yPred32 = f32.map((row) => row.indexOf(Math.max(...row)));
        expect(result.yPred).toEqual(yPred32);
        expectClose(result.rocAuc.perClass, perClassRocAuc(yTrue, f32), 'perClass');
        expectClose(result.logLoss, logLoss(yTrue, f32), 'logLoss');
        expectClose(result.topKAccuracy[2], topKAccuracy(yTrue, f32, 2), 'top-2');
        expectClose(result.calibration.ece, expectedCalibrationError(yTrue, f32).ece, 'ece');
      });
    });
  });
});

describe('classes absent from the truth', () => {
  it('rocAucOvr averages over the classes that have positives and negatives', () => {
    const yTrue = [0, 0, 2, 2, 2];
    const yScore = [
      [0.6, 0.2, 0.2],
      [0.3, 0.4, 0.3],
      [0.5, 0.1, 0.4],
      [0.1, 0.1, 0.8],
      [0.2, 0.3, 0.5],
    ];
    // Class 0: positives {0.6, 0.3} vs negatives {0.5, 0.1, 0.2}: wins 3 + 2 = 5 of 6.
    // Class 2: positives {0.4, 0.8, 0.5} vs negatives {0.2, 0.3}: wins 6 of 6. Class 1: no positives.
    expectClose(perClassRocAuc(yTrue, yScore), [5 / 6, null, 1], 'perClass');
    expectClose(rocAucOvr(yTrue, yScore), (5 / 6 + 1) / 2, 'macro');
    expectClose(rocAucOvr(yTrue, yScore, { average: 'weighted' }), ((5 / 6) * 2 + 3) / 5, 'weighted');
  });
});
