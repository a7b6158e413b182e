import { describe, expect, it } from 'vitest';
import { argmaxRows } from './index.js';
import { hardVote } from './hard-vote.js';
import { softVote } from './soft-vote.js';

describe('softVote', () => {
  it('averages member probabilities with weights (hand-computed)', () => {
    const a = new Float32Array([0.9, 0.1, 0.2, 0.8]);
    const b = new Float32Array([0.3, 0.7, 0.6, 0.4]);
    const equal = softVote([a, b], { numClasses: 2 });
    expect(Array.from(equal)).toEqual([0.6, 0.4, 0.4, 0.6].map((v) => Math.fround(v)));
    const weighted = softVote([a, b], { numClasses: 2, weights: [1, 3] });
    // (1*0.9 + 3*0.3)/4 = 0.45, (1*0.2 + 3*0.6)/4 = 0.5
    expect(weighted[0]).toBeCloseTo(0.45, 6);
    expect(weighted[2]).toBeCloseTo(0.5, 6);
    expect(Array.from(argmaxRows(weighted, 2))).toEqual([1, 0]);
  });

  it('rejects mismatched members, NaN, negative scores and bad weights', () => {
    const a = new Float32Array([0.5, 0.5]);
    expect(() => softVote([a, new Float32Array(4)], { numClasses: 2 })).toThrow(/member 1's scores to hold 2 values/);
    expect(() => softVote([new Float32Array([NaN, 1])], { numClasses: 2 })).toThrow(/got NaN at member 0, index 0/);
    expect(() => softVote([new Float32Array([-0.1, 1])], { numClasses: 2 })).toThrow(RangeError);
    expect(() => softVote([a], { numClasses: 2, weights: [1, 2] })).toThrow(/expected 1 weights/);
    expect(() => softVote([a], { numClasses: 2, weights: [0] })).toThrow(/at least one positive weight/);
    expect(() => softVote([], { numClasses: 2 })).toThrow(/non-empty array/);
    expect(() => softVote([new Float32Array(3)], { numClasses: 2 })).toThrow(/N\*2 values/);
    expect(() => softVote([a], { numClasses: 1.5 })).toThrow(/numClasses/);
  });
});

describe('hardVote', () => {
  it('takes the weighted majority, ties to the smallest label (scikit-learn)', () => {
    const votes = hardVote(
      [
        [0, 1, 2, 3],
        [1, 1, 2, 2],
        [1, 0, 0, 1],
      ],
      { numClasses: 4 },
    );
    // example 3: labels 3, 2, 1 each one vote -> smallest label 1
    expect(Array.from(votes)).toEqual([1, 1, 2, 1]);
    const weighted = hardVote([[0], [1], [1]], { numClasses: 2, weights: [3, 1, 1] });
    expect(Array.from(weighted)).toEqual([0]);
  });

  it('rejects labels out of range and non-integers', () => {
    expect(() => hardVote([[0, 5]], { numClasses: 3 })).toThrow(/memberPredictions\[0\]\[1\] to be an integer in \[0, 3\), got 5/);
    expect(() => hardVote([[0.5]], { numClasses: 3 })).toThrow(RangeError);
    expect(() => hardVote([[0, 1], [0]], { numClasses: 3 })).toThrow(/hold 2 labels, got 1/);
  });
});

describe('argmaxRows', () => {
  it('first index wins ties, like numpy.argmax', () => {
    expect(Array.from(argmaxRows([0.2, 0.4, 0.4, 1, 0, 0], 3))).toEqual([1, 0]);
  });
});
