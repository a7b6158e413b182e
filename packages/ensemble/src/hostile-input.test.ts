/**
 * Issue 12: every entry point with hostile input — wrong shapes, NaN/Infinity, empty, mismatched, huge, non-arrays.
 * Only TypeError, RangeError or a DigitKitError, with a message naming the function, never a crash, a hang, a huge
 * allocation or a silent wrong answer.
 */
import { DigitKitError, MismatchError, type DigitDataset } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import {
  argmaxRows,
  bootstrapIndices,
  fitStackingClassifier,
  hardVote,
  outOfBagIndices,
  predictMembers,
  softVote,
  trainBaggingEnsemble,
} from './index.js';

type ErrorClass = abstract new (...args: never[]) => Error;

async function thrownBy(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

async function expectError(call: () => unknown, type: ErrorClass, message: RegExp): Promise<void> {
  const error = await thrownBy(call);
  expect(error, `expected ${type.name}`).toBeInstanceOf(type);
  expect((error as Error).message).toMatch(message);
}

const good = Float32Array.of(0.9, 0.1, 0.2, 0.8);

describe('softVote', () => {
  it.each([
    ['memberScores null', () => softVote(null as never, { numClasses: 2 }), TypeError, /^softVote: expected memberScores to be a non-empty array/],
    ['memberScores a typed array (not a list of members)', () => softVote(good as never, { numClasses: 2 }), TypeError, /memberScores to be a non-empty array of score arrays/],
    ['memberScores empty', () => softVote([], { numClasses: 2 }), RangeError, /non-empty array.*got an empty array/],
    ['a member that is a number', () => softVote([good, 3 as never], { numClasses: 2 }), TypeError, /memberScores\[1\] to be an array or typed array, got 3/],
    ['a member that is a string', () => softVote(['0.5,0.5' as never], { numClasses: 2 }), TypeError, /memberScores\[0\] to be an array or typed array/],
    ['rows instead of a flat array', () => softVote([[[0.5, 0.5]] as never], { numClasses: 2 }), RangeError, /N\*2 values \(N ≥ 1\), got 1 values/],
    ['empty member', () => softVote([new Float32Array(0)], { numClasses: 2 }), RangeError, /N\*2 values \(N ≥ 1\), got 0/],
    ['NaN score', () => softVote([Float32Array.of(0.5, NaN)], { numClasses: 2 }), RangeError, /got NaN at member 0, index 1/],
    ['Infinity score', () => softVote([[0.5, Infinity]], { numClasses: 2 }), RangeError, /got Infinity at member 0, index 1/],
    ['negative score', () => softVote([[-1e-9, 1]], { numClasses: 2 }), RangeError, /got -1e-9 at member 0, index 0/],
    ['string score', () => softVote([['0.5', 0.5] as never], { numClasses: 2 }), TypeError, /got the string "0.5" at member 0, index 0/],
    ['bigint score', () => softVote([BigInt64Array.of(1n, 0n) as never], { numClasses: 2 }), TypeError, /got 1n at member 0/],
    ['mismatched members', () => softVote([good, good.subarray(2)], { numClasses: 2 }), RangeError, /member 1's scores to hold 4 values like member 0, got 2/],
    ['numClasses 1', () => softVote([good], { numClasses: 1 }), RangeError, /options.numClasses to be an integer ≥ 2, got 1/],
    ['numClasses missing', () => softVote([good], {} as never), TypeError, /options.numClasses to be an integer ≥ 2, got undefined/],
    ['numClasses NaN', () => softVote([good], { numClasses: NaN }), RangeError, /got NaN/],
    ['huge numClasses', () => softVote([good], { numClasses: 2 ** 40 }), RangeError, /N\*1099511627776 values/],
    ['options not an object', () => softVote([good], 2 as never), TypeError, /^softVote: expected options to be an object, got 2$/],
    ['weights not an array', () => softVote([good], { numClasses: 2, weights: 1 as never }), TypeError, /options.weights to be an array/],
    ['NaN weight', () => softVote([good, good], { numClasses: 2, weights: [1, NaN] }), RangeError, /finite weights ≥ 0, got NaN at member 1/],
    ['string weight', () => softVote([good], { numClasses: 2, weights: ['1'] as never }), TypeError, /got the string "1" at member 0/],
  ] as const)('%s', async (_, call, type, message) => expectError(call, type, message));

  it('a huge numClasses never allocates: the length check comes first', () => {
    // 2^40 classes would be 8 TiB of float64 if anything were sized by numClasses.
    expect(() => softVote([new Float32Array(4)], { numClasses: 2 ** 40 })).toThrow(RangeError);
  });
});

describe('hardVote', () => {
  it.each([
    ['memberPredictions not an array', () => hardVote('01' as never, { numClasses: 2 }), TypeError, /memberPredictions to be a non-empty array of label arrays/],
    ['no members', () => hardVote([], { numClasses: 2 }), RangeError, /got an empty array/],
    ['no predictions', () => hardVote([[]], { numClasses: 2 }), RangeError, /at least one prediction per member, got 0/],
    ['member not an array', () => hardVote([null as never], { numClasses: 2 }), TypeError, /memberPredictions\[0\] to be an array or typed array, got null/],
    ['NaN label', () => hardVote([[0, NaN]], { numClasses: 2 }), RangeError, /memberPredictions\[0\]\[1\] to be an integer in \[0, 2\), got NaN/],
    ['negative label', () => hardVote([[-1]], { numClasses: 2 }), RangeError, /got -1/],
    ['string label', () => hardVote([['1']] as never, { numClasses: 2 }), TypeError, /got the string "1"/],
    ['mismatched lengths', () => hardVote([[0, 1], [0, 1, 1]], { numClasses: 2 }), RangeError, /memberPredictions\[1\] to hold 2 labels, got 3/],
    ['numClasses Infinity', () => hardVote([[0]], { numClasses: Infinity }), RangeError, /integer ≥ 2, got Infinity/],
  ] as const)('%s', async (_, call, type, message) => expectError(call, type, message));

  it('a huge numClasses costs no memory and gives the right answer (votes are tallied over voted labels)', () => {
    const big = 2 ** 31;
    const votes = hardVote([[big - 1, 5], [big - 1, 7], [3, 7]], { numClasses: Number.MAX_SAFE_INTEGER });
    expect(Array.from(votes)).toEqual([big - 1, 7]);
    // Ties still go to the smallest label, and zero-weight members never win.
    expect(Array.from(hardVote([[9], [4], [2]], { numClasses: 10, weights: [1, 1, 0] }))).toEqual([4]);
  });
});

describe('argmaxRows', () => {
  it.each([
    ['not an array', () => argmaxRows(5 as never, 2), TypeError, /^argmaxRows: expected scores to be an array or typed array, got 5$/],
    ['length not a multiple', () => argmaxRows([1, 2, 3], 2), RangeError, /expected N\*2 scores, got 3/],
    ['numClasses 0', () => argmaxRows([1], 0), RangeError, /numClasses to be an integer ≥ 1, got 0/],
  ] as const)('%s', async (_, call, type, message) => expectError(call, type, message));

  it('NaN never wins a row (the former copy let a leading NaN win)', () => {
    expect(Array.from(argmaxRows([NaN, 0.2, 0.7, 0.1, NaN, NaN], 3))).toEqual([2, 0]);
  });
});

describe('bootstrapIndices and outOfBagIndices', () => {
  it.each([
    ['count NaN', () => bootstrapIndices(NaN, { seed: 1 }), RangeError, /count to be an integer ≥ 1 and ≤ 2147483647, got NaN/],
    ['count a string', () => bootstrapIndices('5' as never, { seed: 1 }), TypeError, /got the string "5"/],
    ['count beyond Int32 indices', () => bootstrapIndices(2 ** 31, { seed: 1 }), RangeError, /≤ 2147483647, got 2147483648/],
    ['huge size, refused before allocating', () => bootstrapIndices(5, { seed: 1, size: 2 ** 40 }), RangeError, /options.size/],
    ['size 0', () => bootstrapIndices(5, { seed: 1, size: 0 }), RangeError, /options.size to be an integer ≥ 1/],
    ['no options', () => bootstrapIndices(5, undefined as never), TypeError, /expected options with a seed, got undefined/],
    ['seed missing', () => bootstrapIndices(5, {} as never), TypeError, /options.seed to be a finite number \(a seed\), got undefined/],
    ['seed Infinity', () => bootstrapIndices(5, { seed: Infinity }), TypeError, /got Infinity/],
    ['oob count huge, refused before allocating', () => outOfBagIndices(2 ** 40, [0]), RangeError, /count to be an integer/],
    ['oob sample not an array', () => outOfBagIndices(3, 7 as never), TypeError, /sample to be an array or typed array, got 7/],
    ['oob NaN index', () => outOfBagIndices(3, [0, NaN]), RangeError, /sample\[1\] to be an index in \[0, 3\), got NaN/],
    ['oob string index', () => outOfBagIndices(3, ['1'] as never), TypeError, /got the string "1"/],
  ] as const)('%s', async (_, call, type, message) => expectError(call, type, message));
});

const tiny: DigitDataset = { images: new Uint8Array(12), labels: Uint8Array.of(0, 1, 2), count: 3, rows: 2, cols: 2, numClasses: 3 };
const member = { predict: (d: DigitDataset) => new Float32Array(d.count * d.numClasses).fill(1 / 3) };

describe('trainBaggingEnsemble and predictMembers', () => {
  it.each([
    ['no options', () => trainBaggingEnsemble(tiny, undefined as never), TypeError, /expected options with members, seed and train/],
    ['dataset null', () => trainBaggingEnsemble(null as never, { members: 1, seed: 1, train: () => member }), TypeError, /expected dataset to be a DigitDataset, got null/],
    ['empty dataset', () => trainBaggingEnsemble({ ...tiny, images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 }, { members: 1, seed: 1, train: () => member }), RangeError, /dataset.count to be an integer ≥ 1, got 0/],
    ['inconsistent dataset', () => trainBaggingEnsemble({ ...tiny, count: 4 }, { members: 1, seed: 1, train: () => member }), RangeError, /dataset.labels to have 4 entries/],
    ['label ≥ numClasses', () => trainBaggingEnsemble({ ...tiny, numClasses: 2 }, { members: 1, seed: 1, train: () => member }), RangeError, /labels below dataset.numClasses = 2/],
    ['members 1.5', () => trainBaggingEnsemble(tiny, { members: 1.5, seed: 1, train: () => member }), RangeError, /options.members to be an integer ≥ 1, got 1.5/],
    ['sampleFraction NaN', () => trainBaggingEnsemble(tiny, { members: 1, seed: 1, sampleFraction: NaN, train: () => member }), RangeError, /options.sampleFraction/],
    ['train not a function', () => trainBaggingEnsemble(tiny, { members: 1, seed: 1, train: 'fit' as never }), TypeError, /options.train to be a function, got the string "fit"/],
    ['train returns no member', () => trainBaggingEnsemble(tiny, { members: 2, seed: 1, train: () => ({}) as never }), TypeError, /return a member with a predict\(dataset\) method, got an object for member 0/],
    ['members not an array', () => predictMembers(member as never, tiny), TypeError, /^predictMembers: expected members to be a non-empty array/],
    ['a member without predict', () => predictMembers([member, {} as never], tiny), TypeError, /members\[1\] to have a predict\(dataset\) method/],
    ['predict returns the wrong length', () => predictMembers([{ predict: () => new Float32Array(5) }], tiny), MismatchError, /the output of member 0.predict does not match: expected a Float32Array of 9 values \(3 examples x 3 classes\), got a Float32Array of length 5/],
    ['predict returns a number[]', () => predictMembers([{ predict: () => [1, 2] as never }], tiny), DigitKitError, /got an array of length 2/],
  ] as const)('%s', async (_, call, type, message) => expectError(call, type, message));
});

describe('fitStackingClassifier', () => {
  const labels = [0, 1];
  it.each([
    ['no options', () => fitStackingClassifier([good], labels, undefined as never), TypeError, /options.numClasses to be an integer ≥ 2, got undefined/],
    ['memberScores not an array', () => fitStackingClassifier(good as never, labels, { numClasses: 2 }), TypeError, /memberScores to be a non-empty array/],
    ['NaN score', () => fitStackingClassifier([Float32Array.of(NaN, 1, 0, 1)], labels, { numClasses: 2 }), RangeError, /got NaN at member 0, index 0/],
    ['labels mismatched', () => fitStackingClassifier([good], [0, 1, 1], { numClasses: 2 }), RangeError, /yTrue to hold 2 labels, got 3/],
    ['labels not an array', () => fitStackingClassifier([good], null as never, { numClasses: 2 }), TypeError, /yTrue to be an array or typed array, got null/],
    ['NaN label', () => fitStackingClassifier([good], [0, NaN], { numClasses: 2 }), RangeError, /yTrue\[1\] to be an integer in \[0, 2\), got NaN/],
    ['l2 Infinity', () => fitStackingClassifier([good], labels, { numClasses: 2, l2: Infinity }), RangeError, /options.l2 to be a finite number ≥ 0, got Infinity/],
    ['maxIterations NaN (formerly fitted nothing, silently)', () => fitStackingClassifier([good], labels, { numClasses: 2, maxIterations: NaN }), RangeError, /options.maxIterations to be an integer ≥ 1, got NaN/],
    ['maxIterations 0', () => fitStackingClassifier([good], labels, { numClasses: 2, maxIterations: 0 }), RangeError, /options.maxIterations/],
    ['huge numClasses, refused before allocating', () => fitStackingClassifier([new Float32Array(3000)], [0], { numClasses: 3000 }), RangeError, /at most 1000000 meta-learner parameters .* got 9003000 for 1 members and 3000 classes/],
    ['predict with other members', () => fitStackingClassifier([good], labels, { numClasses: 2 }).predict([good, good]), RangeError, /expected scores of 1 members, got 2/],
    ['predict with NaN', () => fitStackingClassifier([good], labels, { numClasses: 2 }).predict([Float32Array.of(0, NaN)]), RangeError, /^StackingClassifier.predict: .*got NaN/],
    ['predict with nothing', () => fitStackingClassifier([good], labels, { numClasses: 2 }).predict(undefined as never), TypeError, /^StackingClassifier.predict: expected memberScores to be a non-empty array/],
  ] as const)('%s', async (_, call, type, message) => expectError(call, type, message));
});
