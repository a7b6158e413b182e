/**
 * Bad input throws early with a RangeError/TypeError naming the function, the argument and what was found.
 * The option checks (numClasses, average, zeroDivision, digits, k, bins, top, labelNames) come from @digitkit/core
 * since the foundation issue: their expected messages (and, for the enum options, the TypeError class) are core's.
 */
import { describe, expect, it } from 'vitest';
import * as metrics from './index.js';

const good2 = [
  [0.9, 0.1],
  [0.2, 0.8],
];

type Case = [string, () => unknown, typeof RangeError | typeof TypeError, RegExp];

const cases: Case[] = [
  // Lengths and emptiness.
  [
    'mismatched lengths',
    () => metrics.confusionMatrix([0, 1, 1], [0, 1]),
    RangeError,
    /^confusionMatrix: yTrue and yPred must have the same length, got 3 and 2$/,
  ],
  [
    'empty input',
    () => metrics.accuracy([], []),
    RangeError,
    /^accuracy: expected yTrue to be non-empty, got length 0$/,
  ],
  [
    'not an array',
    () => metrics.cohenKappa(5 as never, [1]),
    TypeError,
    /^cohenKappa: expected yTrue to be an array or typed array, got 5$/,
  ],
  [
    'a string instead of labels',
    () => metrics.accuracy('0101' as never, [0, 1, 0, 1]),
    TypeError,
    /^accuracy: expected yTrue to be an array or typed array, got the string "0101"$/,
  ],
  // Labels.
  [
    'label outside [0, numClasses)',
    () => metrics.confusionMatrix([0, 1, 3], [0, 1, 1], { numClasses: 3 }),
    RangeError,
    /^confusionMatrix: expected yTrue\[2\] to be an integer in \[0, 3\), got 3$/,
  ],
  [
    'label outside range in a typed array',
    () => metrics.balancedAccuracy(Uint8Array.of(0, 1), Uint8Array.of(0, 9), { numClasses: 2 }),
    RangeError,
    /^balancedAccuracy: expected yPred\[1\] to be an integer in \[0, 2\), got 9$/,
  ],
  [
    'negative label',
    () => metrics.matthewsCorrcoef([0, -1], [0, 1]),
    RangeError,
    /^matthewsCorrcoef: expected yTrue\[1\] to be a non-negative integer, got -1$/,
  ],
  [
    'non-integer label',
    () => metrics.precisionRecallF1([0, 1.5], [0, 1]),
    RangeError,
    /^precisionRecallF1: expected yTrue\[1\] to be a non-negative integer, got 1.5$/,
  ],
  [
    'NaN label',
    () => metrics.accuracy([0, 1], [0, NaN]),
    RangeError,
    /^accuracy: expected yPred\[1\] to be a non-negative integer, got NaN$/,
  ],
  [
    'string label',
    () => metrics.classificationReport(['0', '1'] as never, [0, 1]),
    TypeError,
    /^classificationReport: expected yTrue\[0\] to be a number \(an integer class label\), got the string "0"$/,
  ],
  [
    'numClasses not an integer',
    () => metrics.confusionMatrix([0], [0], { numClasses: 2.5 }),
    RangeError,
    /^confusionMatrix: expected options.numClasses to be an integer ≥ 1, got 2.5$/,
  ],
  [
    'numClasses not a number',
    () => metrics.confusionMatrix([0], [0], { numClasses: '2' as never }),
    TypeError,
    /^confusionMatrix: expected options.numClasses to be an integer ≥ 1, got the string "2"$/,
  ],
  [
    'a huge label would need a huge matrix',
    () => metrics.confusionMatrix([0, 1e9], [0, 1]),
    RangeError,
    /^confusionMatrix: expected at most 4096 classes for a confusion matrix, the largest label is 1000000000$/,
  ],
  [
    'huge numClasses',
    () => metrics.cohenKappa([0], [0], { numClasses: 5000 }),
    RangeError,
    /^cohenKappa: expected at most 4096 classes for a confusion matrix, got options.numClasses = 5000$/,
  ],
  // Options.
  [
    'unknown average',
    () => metrics.precisionRecallF1([0], [0], { average: 'samples' as never }),
    TypeError,
    /^precisionRecallF1: expected options.average to be one of 'macro', 'micro', 'weighted', 'none', got the string "samples"$/,
  ],
  [
    'bad zeroDivision',
    () => metrics.precisionRecallF1([0], [0], { zeroDivision: 0.5 as never }),
    TypeError,
    /^precisionRecallF1: expected options.zeroDivision to be one of 0, 1, got 0.5$/,
  ],
  [
    'bad digits',
    () => metrics.classificationReport([0], [0], { digits: -1 }),
    RangeError,
    /^classificationReport: expected options.digits to be an integer ≥ 0 and ≤ 20, got -1$/,
  ],
  [
    'labelNames of the wrong length',
    () => metrics.classificationReport([0, 1], [0, 1], { labelNames: ['zero'] }),
    RangeError,
    /^classificationReport: expected options.labelNames to hold 2 names \(one per class\), got 1$/,
  ],
  [
    'rocAucOvr average',
    () => metrics.rocAucOvr([0, 1], good2, { average: 'micro' as never }),
    TypeError,
    /^rocAucOvr: expected options.average to be one of 'macro', 'weighted', got the string "micro"$/,
  ],
  [
    'k not an integer',
    () => metrics.topKAccuracy([0, 1], good2, 0),
    RangeError,
    /^topKAccuracy: expected k to be an integer ≥ 1, got 0$/,
  ],
  [
    'bins',
    () => metrics.expectedCalibrationError([0, 1], good2, { bins: 0 }),
    RangeError,
    /^expectedCalibrationError: expected options.bins to be an integer ≥ 1 and ≤ 100000, got 0$/,
  ],
  [
    'options not an object',
    () => metrics.confusionMatrix([0], [0], 3 as never),
    TypeError,
    /^confusionMatrix: expected options to be an object, got 3$/,
  ],
  // Scores.
  [
    'NaN score',
    () =>
      metrics.logLoss(
        [0, 1],
        [
          [0.5, NaN],
          [0.2, 0.8],
        ],
      ),
    RangeError,
    /^logLoss: expected yScore\[0\]\[1\] to be a finite score >= 0, got NaN$/,
  ],
  [
    'negative score',
    () => metrics.rocAucOvr([0, 1], Float32Array.of(0.5, 0.5, -0.25, 1.25)),
    RangeError,
    /^rocAucOvr: expected yScore\[1\]\[0\] to be a finite score >= 0, got -0.25$/,
  ],
  [
    'infinite score',
    () => metrics.perClassRocAuc([0, 1], [0.5, 0.5, Infinity, 0]),
    RangeError,
    /^perClassRocAuc: expected yScore\[1\]\[0\] to be a finite score >= 0, got Infinity$/,
  ],
  [
    'score row of the wrong width',
    () =>
      metrics.topKAccuracy(
        [0, 1],
        [
          [0.5, 0.5],
          [0.2, 0.3, 0.5],
        ],
        1,
      ),
    RangeError,
    /^topKAccuracy: expected yScore\[1\] to hold 2 scores \(one per class\), got 3$/,
  ],
  [
    'row width differs from numClasses',
    () => metrics.logLoss([0, 1], good2, { numClasses: 3 }),
    RangeError,
    /^logLoss: expected yScore\[0\] to hold 3 scores \(one per class\), got 2$/,
  ],
  [
    'wrong number of rows',
    () => metrics.logLoss([0, 1, 1], good2),
    RangeError,
    /^logLoss: expected yScore to have 3 rows \(one per label in yTrue\), got 2$/,
  ],
  [
    'flat scores of the wrong length',
    () => metrics.rocAucOvr([0, 1, 1], Float64Array.of(1, 0, 0, 1, 0.5), { numClasses: 2 }),
    RangeError,
    /^rocAucOvr: expected flat yScore of length 3 x 2 = 6, got 5$/,
  ],
  [
    'flat length not a multiple',
    () => metrics.rocAucOvr([0, 1], Float64Array.of(1, 0, 0)),
    RangeError,
    /^rocAucOvr: flat yScore length 3 is not a multiple of yTrue length 2/,
  ],
  [
    'label beyond the score columns',
    () => metrics.logLoss([0, 2], good2),
    RangeError,
    /^logLoss: expected yTrue\[1\] to be an integer in \[0, 2\), got 2$/,
  ],
  [
    'string score',
    () =>
      metrics.logLoss([0, 1], [
        ['0.5', 0.5],
        [0.2, 0.8],
      ] as never),
    TypeError,
    /^logLoss: expected yScore\[0\]\[0\] to be a number, got the string "0.5"$/,
  ],
  [
    'probabilities above 1 in calibration',
    () =>
      metrics.expectedCalibrationError(
        [0, 1],
        [
          [3, 1],
          [1, 3],
        ],
      ),
    RangeError,
    /^expectedCalibrationError: expected probabilities in \[0, 1\], got yScore\[0\]\[0\] = 3$/,
  ],
  // rocCurve.
  [
    'rocCurve non-binary label',
    () => metrics.rocCurve([0, 2], [0.1, 0.2]),
    RangeError,
    /^rocCurve: expected yTrueBinary\[1\] to be 0, 1, false or true, got 2$/,
  ],
  [
    'rocCurve single class',
    () => metrics.rocCurve([1, 1], [0.1, 0.2]),
    RangeError,
    /^rocCurve: expected both positive and negative examples in yTrueBinary, got 2 positives out of 2$/,
  ],
  [
    'rocCurve NaN score',
    () => metrics.rocCurve([0, 1], [0.1, NaN]),
    RangeError,
    /^rocCurve: expected scores\[1\] to be a finite number, got NaN$/,
  ],
  // mostConfusedPairs.
  [
    'matrix not square',
    () => metrics.mostConfusedPairs([[1, 2], [3]]),
    RangeError,
    /^mostConfusedPairs: expected a square matrix, matrix has 2 rows but matrix\[1\] has 1 columns$/,
  ],
  [
    'negative count',
    () =>
      metrics.mostConfusedPairs([
        [1, -2],
        [3, 4],
      ]),
    RangeError,
    /^mostConfusedPairs: expected matrix\[0\]\[1\] to be a finite count >= 0, got -2$/,
  ],
  [
    'top',
    () => metrics.mostConfusedPairs([[1]], { top: -1 }),
    RangeError,
    /^mostConfusedPairs: expected options.top to be an integer ≥ 0, got -1$/,
  ],
  // evaluateClassifier.
  [
    'evaluateClassifier mismatched rows',
    () => metrics.evaluateClassifier([0, 1, 0], good2),
    RangeError,
    /^evaluateClassifier: expected yScore to have 3 rows \(one per label in yTrue\), got 2$/,
  ],
  [
    'evaluateClassifier labelNames',
    () => metrics.evaluateClassifier([0, 1], good2, { labelNames: 'ab' as never }),
    TypeError,
    /^evaluateClassifier: expected options.labelNames to be an array of 2 strings, got the string "ab"$/,
  ],
];

describe('bad input', () => {
  for (const [name, call, type, message] of cases) {
    it(name, () => {
      let thrown: unknown;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, 'expected an error').toBeInstanceOf(type);
      expect((thrown as Error).message).toMatch(message);
    });
  }
});
