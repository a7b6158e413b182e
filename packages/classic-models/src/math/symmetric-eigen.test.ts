import { createRng } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './symmetric-eigen.js';

describe('symmetricEigen', () => {
  it('satisfies A·v = λ·v with orthonormal vectors (random symmetric 40×40) and the trace identity', () => {
    const n = 40;
    const random = createRng(1);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = random() * 2 - 1;
    const { values, vectors } = symmetricEigen(a, n);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 10);
    for (let j = 0; j < n; j++) {
      if (j > 0) expect(values[j]).toBeGreaterThanOrEqual(values[j - 1]);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += a[i * n + k] * vectors[k * n + j];
        expect(Math.abs(av - values[j] * vectors[i * n + j])).toBeLessThan(1e-10);
      }
      for (let m = 0; m <= j; m++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += vectors[k * n + j] * vectors[k * n + m];
        expect(Math.abs(dot - (m === j ? 1 : 0))).toBeLessThan(1e-10);
      }
    }
  });

  it('finds the known spectrum of a diagonal-plus-rank-one matrix: [[2,1],[1,2]] → 1, 3', () => {
    const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(1, 12);
    expect(values[1]).toBeCloseTo(3, 12);
  });
});
