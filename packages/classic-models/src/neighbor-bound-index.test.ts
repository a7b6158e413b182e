import { createRng } from '@digitkit/core';
import { expect, it } from 'vitest';
import { boundCoordinates, buildNeighborBoundIndex } from './neighbor-bound-index.js';

it('the projection has orthonormal columns and ‖ã − b̃‖ ≤ ‖a − b‖ for every pair (the bound the search relies on)', () => {
  const random = createRng(11);
  const [count, f, d] = [300, 40, 8];
  // Sparse, correlated rows (as images are): a few shared directions plus noise, ~half the entries zero.
  const basis = Array.from({ length: 3 }, () => Float64Array.from({ length: f }, () => random() - 0.5));
  const values = new Float32Array(count * f);
  for (let i = 0; i < count; i++) {
    const w = basis.map(() => random() * 2 - 1);
    for (let j = 0; j < f; j++) {
      const v = w.reduce((s, wt, b) => s + wt * basis[b][j], 0) + 0.1 * (random() - 0.5);
      values[i * f + j] = random() < 0.5 ? 0 : v;
    }
  }
  const index = buildNeighborBoundIndex(values, count, f, d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let dot = 0;
      for (let j = 0; j < f; j++) dot += index.projection[j * d + a] * index.projection[j * d + b];
      expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-12);
    }
  }
  const queries = values.subarray(0, 50 * f);
  const { coordinates, squaredNorms } = boundCoordinates(index, queries, 50, f);
  const scoreSide = boundCoordinates(index, queries, 50, f, true).coordinates;
  let tightest = 0;
  for (let q = 0; q < 50; q++) {
    let qq = 0;
    for (let t = 0; t <= d; t++) qq += coordinates[q * (d + 1) + t] ** 2;
    expect(Math.abs(qq - squaredNorms[q])).toBeLessThan(1e-5 * (1 + squaredNorms[q]));
    for (let r = 0; r < count; r++) {
      let exact = 0;
      for (let j = 0; j < f; j++) exact += (queries[q * f + j] - values[r * f + j]) ** 2;
      let bound = 0;
      for (let t = 0; t <= d; t++) bound += (coordinates[q * (d + 1) + t] - index.scoreMatrix[t * count + r]) ** 2;
      expect(bound).toBeLessThanOrEqual(exact + 1e-5 * (1 + exact));
      // The search's form: ‖a‖² − [2ã, −1]·[b̃, ‖b‖²] is the same bound.
      let score = 0;
      for (let t = 0; t <= d + 1; t++) score += scoreSide[q * (d + 2) + t] * index.scoreMatrix[t * count + r];
      expect(Math.abs(squaredNorms[q] - score - bound)).toBeLessThan(1e-5 * (1 + squaredNorms[q] + index.maxSquaredNorm));
      if (exact > 0) tightest = Math.max(tightest, bound / exact);
    }
  }
  // And it is a useful bound on such data, not a trivial 0.
  expect(tightest).toBeGreaterThan(0.5);
});
