import { createRng } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { addGaussianNoise, addImpulseNoise, addShotNoise, samplePoisson } from './noise.js';

const flat = (value: number, length = 100_000) => new Uint8Array(length).fill(value);
const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const variance = (a: ArrayLike<number>) => {
  const m = mean(a);
  return Array.from(a).reduce((s, v) => s + (v - m) ** 2, 0) / a.length;
};

describe('noise corruptions: statistics within bounds', () => {
  it('Gaussian noise on mid-grey has mean ≈ 128 and standard deviation ≈ sigma (no clipping at 3 sigma)', () => {
    const out = addGaussianNoise(flat(128), 20, createRng(1));
    expect(Math.abs(mean(out) - 128)).toBeLessThan(0.3); // standard error 20/sqrt(1e5) = 0.06
    // Rounding adds variance 1/12.
    expect(Math.sqrt(variance(out))).toBeGreaterThan(19.6);
    expect(Math.sqrt(variance(out))).toBeLessThan(20.4);
    expect(addGaussianNoise(flat(77, 10), 0, createRng(1))).toEqual(flat(77, 10));
  });

  it('Poisson draws have mean and variance lambda', () => {
    for (const lambda of [0.5, 3, 25, 60]) {
      const rng = createRng(lambda);
      const draws = Array.from({ length: 50_000 }, () => samplePoisson(lambda, rng));
      expect(draws.every(Number.isInteger)).toBe(true);
      expect(Math.abs(mean(draws) - lambda)).toBeLessThan(5 * Math.sqrt(lambda / 50_000));
      expect(Math.abs(variance(draws) / lambda - 1)).toBeLessThan(0.05);
    }
    expect(samplePoisson(0, createRng(1))).toBe(0);
  });

  it('shot noise keeps black black, keeps the mean, and has the Poisson variance 255^2 v / (255 photons)', () => {
    expect(addShotNoise(flat(0, 1000), 3, createRng(2))).toEqual(flat(0, 1000));
    const photons = 12;
    const half = addShotNoise(flat(102), photons, createRng(4)); // lambda = 4.8
    expect(Math.abs(mean(half) - 102)).toBeLessThan(1.5);
    const expectedStd = (255 / photons) * Math.sqrt((102 / 255) * photons);
    expect(Math.abs(Math.sqrt(variance(half)) / expectedStd - 1)).toBeLessThan(0.05);
  });

  it('impulse noise hits the given fraction of pixels, half black and half white', () => {
    const out = addImpulseNoise(flat(100), 0.17, createRng(5));
    const black = out.filter((v) => v === 0).length / out.length;
    const white = out.filter((v) => v === 255).length / out.length;
    const untouched = out.filter((v) => v === 100).length / out.length;
    expect(black + white + untouched).toBe(1);
    expect(Math.abs(black + white - 0.17)).toBeLessThan(0.006); // 5 standard errors
    expect(Math.abs(black - white)).toBeLessThan(0.008);
    expect(addImpulseNoise(flat(100, 50), 0, createRng(5))).toEqual(flat(100, 50));
  });
});
