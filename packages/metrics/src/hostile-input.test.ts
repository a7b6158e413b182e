/**
 * Issue 12: hostile input beyond errors.test.ts — huge numClasses (refused before allocating), bigints and symbols,
 * array-likes with absurd lengths, sparse arrays, non-arrays everywhere. Only TypeError or RangeError with a message
 * naming the function; never a crash, a hang, a huge allocation or a silent wrong answer.
 */
import { describe, expect, it } from 'vitest';
import * as m from './index.js';

type Case = [string, () => unknown, typeof RangeError | typeof TypeError, RegExp];

const two = [
  [0.9, 0.1],
  [0.2, 0.8],
];
const HUGE = 2 ** 40; // 8 TiB of float64 if anything were sized by it

const cases: Case[] = [
  // Huge class counts: refused by a length or size check, never by a failed allocation.
  ['rows with a huge numClasses', () => m.logLoss([0, 1], two, { numClasses: HUGE }), RangeError, /^logLoss: expected yScore\[0\] to hold 1099511627776 scores \(one per class\), got 2$/],
  ['flat scores with a huge numClasses', () => m.rocAucOvr([0, 1], [1, 0, 0, 1], { numClasses: HUGE }), RangeError, /^rocAucOvr: expected flat yScore of length 2 x 1099511627776/],
  ['evaluateClassifier with 5000 score columns', () => m.evaluateClassifier([0], new Float32Array(5000).fill(1 / 5000)), RangeError, /^evaluateClassifier: expected at most 4096 classes for a confusion matrix, yScore has 5000 columns$/],
  ['confusionMatrix with numClasses 2^40', () => m.confusionMatrix([0], [0], { numClasses: HUGE }), RangeError, /at most 4096 classes/],
  ['a huge label without numClasses', () => m.balancedAccuracy([0, 2 ** 31], [0, 0]), RangeError, /at most 4096 classes .* the largest label is 2147483648$/],
  ['a billion calibration bins', () => m.expectedCalibrationError([0, 1], two, { bins: 1e9 }), RangeError, /options.bins to be an integer ≥ 1 and ≤ 100000, got 1000000000$/],
  ['evaluateClassifier with a billion bins', () => m.evaluateClassifier([0, 1], two, { bins: 1e9 }), RangeError, /options.bins/],
  // Non-arrays and odd array-likes.
  ['yScore null', () => m.logLoss([0, 1], null as never), TypeError, /^logLoss: expected yScore to be an array or typed array, got null$/],
  ['yScore a string', () => m.topKAccuracy([0, 1], '0.9,0.1' as never, 1), TypeError, /got the string "0.9,0.1"$/],
  ['yScore empty', () => m.perClassRocAuc([0, 1], []), RangeError, /^perClassRocAuc: expected yScore to be non-empty, got length 0$/],
  ['yTrue an object', () => m.evaluateClassifier({ a: 1 } as never, two), TypeError, /^evaluateClassifier: expected yTrue to be an array or typed array, got an object$/],
  ['an array-like of absurd length', () => m.accuracy({ length: 2 ** 40 } as never, { length: 2 ** 40 } as never), TypeError, /^accuracy: expected yTrue\[0\] to be a number/],
  ['an array-like of absurd length, fused path', () => m.confusionMatrix({ length: 2 ** 40 } as never, { length: 2 ** 40 } as never, { numClasses: 2 }), TypeError, /^confusionMatrix: expected yTrue\[0\] to be a number/],
  ['a negative length', () => m.accuracy({ length: -1 } as never, []), TypeError, /expected yTrue to be an array or typed array/],
  ['a sparse array', () => m.cohenKappa([0, , 1] as never, [0, 1, 1]), TypeError, /^cohenKappa: expected yTrue\[1\] to be a number \(an integer class label\), got undefined$/],
  // BigInts and symbols: a clear TypeError, not "Cannot mix BigInt and other types".
  ['BigInt64Array labels', () => m.accuracy(BigInt64Array.of(0n, 1n) as never, [0, 1]), TypeError, /^accuracy: expected yTrue\[0\] to be a number \(an integer class label\), got 0n$/],
  ['bigint label on the fused path', () => m.confusionMatrix([0, 1n] as never, [0, 1], { numClasses: 2 }), TypeError, /^confusionMatrix: expected yTrue\[1\] to be a number \(an integer class label\), got 1n$/],
  ['symbol label on the fused path', () => m.precisionRecallF1([0, 1], [Symbol('x'), 1] as never, { numClasses: 2 }), TypeError, /expected yPred\[0\] to be a number \(an integer class label\), got a symbol$/],
  ['BigInt64Array scores', () => m.logLoss([0], BigInt64Array.of(1n, 0n) as never), TypeError, /^logLoss: expected yScore\[0\]\[0\] to be a number, got 1n$/],
  ['boolean label', () => m.matthewsCorrcoef([true, false] as never, [1, 0]), TypeError, /got true$/],
  // NaN / Infinity in every score position and type.
  ['NaN in a Float32Array row', () => m.rocAucOvr([0, 1], [Float32Array.of(0.5, 0.5), Float32Array.of(NaN, 1)]), RangeError, /yScore\[1\]\[0\] to be a finite score >= 0, got NaN$/],
  ['Infinity in flat Float64Array', () => m.topKAccuracy([0, 1], Float64Array.of(0, 1, Infinity, 0), 1), RangeError, /yScore\[1\]\[0\] to be a finite score >= 0, got Infinity$/],
  ['-Infinity in rocCurve scores', () => m.rocCurve([0, 1], [0, -Infinity]), RangeError, /^rocCurve: expected scores\[1\] to be a finite number, got -Infinity$/],
  ['a row that is a number', () => m.logLoss([0, 1], [[0.5, 0.5], 3] as never), TypeError, /^logLoss: expected yScore\[1\] to be an array of 2 scores, got 3$/],
  // Options of the wrong type.
  ['k Infinity', () => m.topKAccuracy([0, 1], two, Infinity), RangeError, /^topKAccuracy: expected k to be an integer ≥ 1, got Infinity$/],
  ['k a string', () => m.topKAccuracy([0, 1], two, '2' as never), TypeError, /got the string "2"$/],
  ['eps NaN', () => m.logLoss([0, 1], two, { eps: NaN }), RangeError, /^logLoss: expected options.eps to be a finite number > 0 and < 0.5, got NaN$/],
  ['eps 0.5', () => m.logLoss([0, 1], two, { eps: 0.5 }), RangeError, /options.eps/],
  ['dropIntermediate a string', () => m.rocCurve([0, 1], [0, 1], { dropIntermediate: 'no' as never }), TypeError, /^rocCurve: expected options.dropIntermediate to be a boolean, got the string "no"$/],
  ['options an array', () => m.logLoss([0, 1], two, [] as never), TypeError, /^logLoss: expected options to be an object, got an array of length 0$/],
  ['labelNames with a number', () => m.classificationReport([0, 1], [0, 1], { labelNames: ['a', 1] as never }), TypeError, /options.labelNames\[1\] to be a string, got 1$/],
  // rocCurve and mostConfusedPairs.
  ['rocCurve string label', () => m.rocCurve(['1', 0] as never, [0.3, 0.2]), TypeError, /^rocCurve: expected yTrueBinary\[0\] to be 0, 1, false or true, got the string "1"$/],
  ['rocCurve empty', () => m.rocCurve([], []), RangeError, /expected yTrueBinary to be non-empty/],
  ['rocCurve mismatched', () => m.rocCurve([0, 1], [0.5]), RangeError, /must have the same length, got 2 and 1/],
  ['mostConfusedPairs null', () => m.mostConfusedPairs(null as never), TypeError, /^mostConfusedPairs: expected matrix to be an array or typed array, got null$/],
  ['mostConfusedPairs empty', () => m.mostConfusedPairs([]), RangeError, /non-empty square matrix, got 0 rows/],
  ['mostConfusedPairs string count', () => m.mostConfusedPairs([[0, '1'], [0, 0]] as never), TypeError, /matrix\[0\]\[1\] to be a finite count >= 0, got the string "1"$/],
  ['mostConfusedPairs NaN count', () => m.mostConfusedPairs([[0, NaN], [0, 0]]), RangeError, /got NaN$/],
  ['mostConfusedPairs a row that is null', () => m.mostConfusedPairs([[0, 1], null] as never), TypeError, /matrix\[1\] to be an array of 2 counts, got null$/],
];

describe('hostile input', () => {
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

  it('a valid call with numClasses above the labels still answers exactly (absent classes)', () => {
    // 4 classes declared, only 0 and 1 present: scikit-learn's labels=range(4) conventions.
    expect(m.confusionMatrix([0, 1], [1, 1], { numClasses: 4 })).toEqual([
      [0, 1, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });
});
