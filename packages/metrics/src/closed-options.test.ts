/** Issue 13: every options object of the package is closed — an unknown key is a TypeError that names it. */
import { describe, expect, it } from 'vitest';
import * as m from './index.js';

const yTrue = [0, 1, 1, 0];
const yPred = [0, 1, 0, 0];
const scores = [
  [0.9, 0.1],
  [0.2, 0.8],
  [0.6, 0.4],
  [0.7, 0.3],
];

// [function, call with extra options, a known key to misspell]
const calls: Array<[string, (extra: Record<string, unknown>) => unknown, string]> = [
  ['confusionMatrix', (o) => m.confusionMatrix(yTrue, yPred, o), 'numClasses'],
  ['balancedAccuracy', (o) => m.balancedAccuracy(yTrue, yPred, o), 'numClasses'],
  ['precisionRecallF1', (o) => m.precisionRecallF1(yTrue, yPred, o), 'zeroDivision'],
  ['classificationReport', (o) => m.classificationReport(yTrue, yPred, o), 'labelNames'],
  ['cohenKappa', (o) => m.cohenKappa(yTrue, yPred, o), 'numClasses'],
  ['matthewsCorrcoef', (o) => m.matthewsCorrcoef(yTrue, yPred, o), 'numClasses'],
  ['mostConfusedPairs', (o) => m.mostConfusedPairs([[1, 2], [3, 4]], o), 'top'],
  ['rocCurve', (o) => m.rocCurve(yTrue, [0.1, 0.8, 0.4, 0.3], o), 'dropIntermediate'],
  ['perClassRocAuc', (o) => m.perClassRocAuc(yTrue, scores, o), 'numClasses'],
  ['rocAucOvr', (o) => m.rocAucOvr(yTrue, scores, o), 'average'],
  ['logLoss', (o) => m.logLoss(yTrue, scores, o), 'eps'],
  ['topKAccuracy', (o) => m.topKAccuracy(yTrue, scores, 1, o), 'numClasses'],
  ['expectedCalibrationError', (o) => m.expectedCalibrationError(yTrue, scores, o), 'bins'],
  ['evaluateClassifier', (o) => m.evaluateClassifier(yTrue, scores, o), 'labelNames'],
];

describe('closed options', () => {
  it('covers every function of the package that takes options', () => {
    // Every export but these takes an options object (accuracy and the model comparisons take only label arrays).
    const withoutOptions = ['accuracy', 'mcnemarTest', 'errorOverlap', 'MAX_OVERLAP_MODELS'];
    const withOptions = Object.keys(m).filter((name) => !withoutOptions.includes(name));
    expect(calls.map(([name]) => name).sort()).toEqual(withOptions.sort());
  });

  for (const [name, call, known] of calls) {
    it(`${name}: a typo of ${known} is a TypeError with a did-you-mean; an unrelated key is named too`, () => {
      const typo = `${known}s`;
      expect(() => call({ [typo]: 1 })).toThrow(TypeError);
      expect(() => call({ [typo]: 1 })).toThrow(`${name}: unknown option options.${typo} (did you mean ${known}?); known options: `);
      expect(() => call({ verbose: true })).toThrow(new RegExp(`^${name}: unknown option options\\.verbose; known options: .*${known}`));
      expect(() => call({})).not.toThrow();
    });
  }
});
