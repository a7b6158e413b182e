import { createRng } from '@digitkit/core';
import { expect, it } from 'vitest';
import { createExactDistances, squaredDistanceF64F32 } from './exact-distance.js';

/** Sequential float64 sum: the textbook definition (an independent truth up to summation order). */
function sequential(q: ArrayLike<number>, qBase: number, x: Float32Array, xBase: number, n: number): number {
  let sum = 0;
  for (let j = 0; j < n; j++) sum += (q[qBase + j] - x[xBase + j]) ** 2;
  return sum;
}

it('the SIMD kernel gives the bits of its TypeScript twin for every tail length, and both equal the plain sum up to rounding', () => {
  const random = createRng(5);
  for (const f of [1, 2, 7, 8, 9, 15, 16, 17, 31, 64, 203, 784]) {
    const count = 9;
    // Pixel-like rows (many zeros, some exact ties) and float64 queries that are not float32 values.
    const rows = Float32Array.from({ length: count * f }, () => (random() < 0.4 ? 0 : Math.fround(random())));
    const queries = Float64Array.from({ length: 3 * f }, () => (random() < 0.3 ? 0 : random() * 1.5 - 0.25));
    const distances = createExactDistances(rows, count, f);
    expect(distances.simd).toBe(true);
    expect(Array.from(distances.rows)).toEqual(Array.from(rows));
    const plain = new Float64Array(f);
    for (let q = 0; q < 3; q++) {
      distances.setQuery(queries, q * f);
      plain.set(queries.subarray(q * f, (q + 1) * f));
      for (let i = 0; i < count; i++) {
        const simd = distances.squaredDistance(i);
        expect(simd).toBe(squaredDistanceF64F32(plain, 0, rows, i * f, f));
        const truth = sequential(queries, q * f, rows, i * f, f);
        expect(Math.abs(simd - truth)).toBeLessThanOrEqual(1e-13 * truth);
      }
    }
  }
});

it('queries given as float32 are promoted exactly, and a query equal to a row is at distance 0', () => {
  const random = createRng(6);
  const f = 37;
  const rows = Float32Array.from({ length: 4 * f }, () => random());
  const distances = createExactDistances(rows, 4, f);
  distances.setQuery(rows, 2 * f);
  expect(distances.squaredDistance(2)).toBe(0);
  expect(distances.squaredDistance(1)).toBe(squaredDistanceF64F32(Float64Array.from(rows.subarray(2 * f, 3 * f)), 0, rows, f, f));
});
