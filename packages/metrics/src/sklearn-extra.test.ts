/**
 * Cases computed by scikit-learn 1.2.1 with scripts/make-sklearn-fixtures.py (see the `generator` field):
 * report text character for character, ROC curves with ties and drop_intermediate, zero_division=1,
 * top-k and OvR AUC on heavily tied multiclass scores.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  balancedAccuracy,
  classificationReport,
  cohenKappa,
  logLoss,
  matthewsCorrcoef,
  perClassRocAuc,
  rocAucOvr,
  rocCurve,
  topKAccuracy,
} from './index.js';
import { expectClose } from './test-support/fixtures.js';

interface ReportCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  numClasses: number;
  digits: number;
  labelNames: string[] | null;
  zeroDivision: 0 | 1;
  text: string;
  perClass: Array<Record<'precision' | 'recall' | 'f1-score' | 'support', number>>;
  macro: Record<'precision' | 'recall' | 'f1-score' | 'support', number>;
  weighted: Record<'precision' | 'recall' | 'f1-score' | 'support', number>;
  accuracy: number;
}

interface RocCase {
  name: string;
  yTrueBinary: number[];
  scores: number[];
  dropIntermediate: boolean;
  fpr: number[];
  tpr: number[];
  thresholds: number[];
  auc: number;
}

const extra = JSON.parse(readFileSync(new URL('./__fixtures__/sklearn-extra.json', import.meta.url), 'utf8')) as {
  reports: ReportCase[];
  rocCurves: RocCase[];
  multiclassTies: {
    yTrue: number[];
    yScore: number[][];
    numClasses: number;
    topK: Record<string, number>;
    perClassRocAuc: number[];
    rocAucOvrMacro: number;
    rocAucOvrWeighted: number;
    logLoss: number;
    cohenKappa: number;
    matthewsCorrcoef: number;
    balancedAccuracy: number;
  };
};

describe('classificationReport against scikit-learn 1.2 classification_report', () => {
  for (const c of extra.reports) {
    it(c.name, () => {
      const report = classificationReport(c.yTrue, c.yPred, {
        numClasses: c.numClasses,
        digits: c.digits,
        labelNames: c.labelNames ?? undefined,
        zeroDivision: c.zeroDivision,
      });
      expect(report.text).toBe(c.text);
      c.perClass.forEach((row, i) => {
        expectClose(report.perClass[i].precision, row.precision, `perClass[${i}].precision`);
        expectClose(report.perClass[i].recall, row.recall, `perClass[${i}].recall`);
        expectClose(report.perClass[i].f1, row['f1-score'], `perClass[${i}].f1`);
        expectClose(report.perClass[i].support, row.support, `perClass[${i}].support`);
      });
      for (const key of ['macro', 'weighted'] as const) {
        expectClose(report[key].precision, c[key].precision, `${key}.precision`);
        expectClose(report[key].recall, c[key].recall, `${key}.recall`);
        expectClose(report[key].f1, c[key]['f1-score'], `${key}.f1`);
        expectClose(report[key].support, c[key].support, `${key}.support`);
      }
      expectClose(report.accuracy, c.accuracy, 'accuracy');
    });
  }
});

describe('rocCurve against scikit-learn 1.2 roc_curve', () => {
  for (const c of extra.rocCurves) {
    it(c.name, () => {
      const curve = rocCurve(c.yTrueBinary, c.scores, { dropIntermediate: c.dropIntermediate });
      expectClose(curve.fpr, c.fpr, 'fpr');
      expectClose(curve.tpr, c.tpr, 'tpr');
      expectClose(curve.thresholds, c.thresholds, 'thresholds');
      // Booleans are accepted as binary labels too.
      const again = rocCurve(
        c.yTrueBinary.map((v) => v === 1),
        Float64Array.from(c.scores),
        { dropIntermediate: c.dropIntermediate },
      );
      expectClose(again.fpr, c.fpr, 'fpr (boolean labels)');
    });
  }

  it('AUC of each binary case with non-negative scores equals perClassRocAuc of both columns', () => {
    const cases = extra.rocCurves.filter((c) => Math.min(...c.scores) >= 0);
    expect(cases.length).toBeGreaterThanOrEqual(2);
    for (const c of cases) {
      // Class 1 is ranked by the score, class 0 by `max - score` (the same ranking reversed; the scores
      // lie on a coarse grid, so the subtraction cannot merge distinct values).
      const max = Math.max(...c.scores);
      const aucs = perClassRocAuc(
        c.yTrueBinary,
        c.scores.map((s) => [max - s, s]),
      );
      expectClose(aucs[1], c.auc, `${c.name} class 1`);
      expectClose(aucs[0], c.auc, `${c.name} class 0 (reversed scores)`);
    }
  });
});

describe('multiclass scores with many ties against scikit-learn 1.2', () => {
  const m = extra.multiclassTies;
  const flat = Float64Array.from(m.yScore.flat());
  const yPred = m.yScore.map((row) => row.indexOf(Math.max(...row)));

  it('topKAccuracy breaks ties like top_k_accuracy_score (k = 1..4)', () => {
    for (const [k, expected] of Object.entries(m.topK)) {
      expectClose(topKAccuracy(m.yTrue, m.yScore, Number(k)), expected, `top-${k} rows`);
      expectClose(topKAccuracy(m.yTrue, flat, Number(k), { numClasses: m.numClasses }), expected, `top-${k} flat`);
    }
  });

  it('perClassRocAuc and rocAucOvr use average ranks for ties', () => {
    expectClose(perClassRocAuc(m.yTrue, m.yScore), m.perClassRocAuc, 'perClassRocAuc');
    expectClose(rocAucOvr(m.yTrue, flat), m.rocAucOvrMacro, 'macro');
    expectClose(rocAucOvr(m.yTrue, m.yScore, { average: 'weighted' }), m.rocAucOvrWeighted, 'weighted');
  });

  it('logLoss, cohenKappa, matthewsCorrcoef, balancedAccuracy', () => {
    expectClose(logLoss(m.yTrue, m.yScore), m.logLoss, 'logLoss');
    expectClose(cohenKappa(m.yTrue, yPred), m.cohenKappa, 'cohenKappa');
    expectClose(matthewsCorrcoef(m.yTrue, yPred), m.matthewsCorrcoef, 'matthewsCorrcoef');
    expectClose(balancedAccuracy(m.yTrue, yPred), m.balancedAccuracy, 'balancedAccuracy');
  });
});
