import { describe, expect, it } from 'vitest';
import { createRng } from '../random/create-rng.js';
import { argmaxRows } from './argmax-rows.js';

describe('argmaxRows', () => {
  it('equals a brute-force argmax (first index on ties) over random rows with many ties', () => {
    const random = createRng(5);
    for (const numClasses of [1, 2, 10, 37]) {
      const count = 200;
      const scores = Float64Array.from({ length: count * numClasses }, () => Math.floor(random() * 4));
      const result = argmaxRows(scores, numClasses);
      for (let row = 0; row < count; row++) {
        const values = Array.from(scores.subarray(row * numClasses, (row + 1) * numClasses));
        expect(result[row]).toBe(values.indexOf(Math.max(...values)));
      }
    }
  });

  it('never picks NaN over a number, like a max that ignores NaN', () => {
    expect(Array.from(argmaxRows([Number.NaN, 0.2, 0.1, 0.3, Number.NaN, 0.9], 3))).toEqual([1, 2]);
    expect(Array.from(argmaxRows([Number.NaN, Number.NaN], 2))).toEqual([0]);
  });

  it('returns an empty result for no rows and refuses a ragged length', () => {
    expect(argmaxRows(new Float32Array(0), 10).length).toBe(0);
    expect(() => argmaxRows([1, 2, 3], 2)).toThrow(new RangeError('argmaxRows: expected N*2 scores, got 3'));
    expect(() => argmaxRows([1, 2], 0)).toThrow(RangeError);
  });
});
