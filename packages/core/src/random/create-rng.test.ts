import { describe, expect, it } from 'vitest';
import { createRng } from './create-rng.js';

describe('createRng', () => {
  it('gives the same sequence for the same seed and different sequences for different seeds', () => {
    const take = (seed: number, n = 50) => Array.from({ length: n }, createRng(seed));
    expect(take(42)).toEqual(take(42));
    const seeds = [0, 1, 2, -1, 0.5, 2 ** 40, 1e-300, Number.MAX_VALUE];
    const firsts = new Set(seeds.map((seed) => take(seed, 3).join()));
    expect(firsts.size).toBe(seeds.length);
    expect(take(-0)).toEqual(take(0));
  });

  it('stays in [0, 1)', () => {
    const random = createRng(7);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = random();
      if (!(x >= 0 && x < 1)) outside++;
    }
    expect(outside).toBe(0);
  });

  it('is uniform: chi-square over 100 bins of 200,000 draws is below the 0.999 quantile (148.2)', () => {
    for (const seed of [1, 2, 3]) {
      const random = createRng(seed);
      const bins = new Array(100).fill(0);
      const n = 200_000;
      for (let i = 0; i < n; i++) bins[Math.floor(random() * 100)]++;
      const expected = n / 100;
      const chiSquare = bins.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
      expect(chiSquare).toBeLessThan(148.2);
    }
  });

  it('has no lag-1 correlation and a mean of 1/2', () => {
    const random = createRng(99);
    const n = 100_000;
    const xs = Array.from({ length: n }, random);
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    let covariance = 0;
    for (let i = 1; i < n; i++) covariance += (xs[i] - mean) * (xs[i - 1] - mean);
    const correlation = covariance / (n - 1) / (1 / 12);
    expect(Math.abs(correlation)).toBeLessThan(4 / Math.sqrt(n));
  });

  it('rejects non-finite seeds', () => {
    expect(() => createRng(Number.NaN)).toThrow(/createRng: expected seed to be a finite number, got NaN/);
    expect(() => createRng(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => createRng('1' as never)).toThrow(TypeError);
  });
});
