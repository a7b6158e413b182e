import { loadMnist } from '@digitkit/mnist-data/node';
import { describe, expect, it } from 'vitest';
import { pixelStatistics } from './pixel-statistics.js';
import { randomBytes, twoPassMoments } from './__fixtures__/reference.js';

describe('pixelStatistics', () => {
  it('matches a two-pass formula globally and per pixel on a small fixture', () => {
    const rows = 4;
    const cols = 5;
    const count = 37;
    const images = randomBytes(count * rows * cols, 2024, 0.6);
    // Make pixel (0, 0) constant to exercise the zero-variance convention.
    for (let i = 0; i < count; i++) images[i * rows * cols] = 42;
    const stats = pixelStatistics(images, { rows, cols });
    const all = Array.from(images, (v) => v / 255);
    const global = twoPassMoments(all);
    expect(stats.global.mean).toBeCloseTo(global.mean, 12);
    expect(stats.global.std).toBeCloseTo(global.std, 12);
    expect(stats.global.skewness).toBeCloseTo(global.skewness, 10);
    expect(stats.global.kurtosis).toBeCloseTo(global.kurtosis, 10);
    expect(stats.global.min).toBe(Math.min(...all));
    expect(stats.global.max).toBe(Math.max(...all));
    expect(stats.global.inkFraction).toBeCloseTo(all.filter((v) => v > 0).length / all.length, 12);
    for (let p = 0; p < rows * cols; p++) {
      const column = Array.from({ length: count }, (_, i) => images[i * rows * cols + p] / 255);
      const m = twoPassMoments(column);
      expect(stats.perPixel.mean[p]).toBeCloseTo(m.mean, 12);
      expect(stats.perPixel.std[p]).toBeCloseTo(m.std, 10);
      if (p === 0) continue; // constant: the float two-pass variance is ~1e-34, not 0; checked below
      expect(stats.perPixel.skewness[p]).toBeCloseTo(m.skewness, 10);
      expect(stats.perPixel.kurtosis[p]).toBeCloseTo(m.kurtosis, 10);
    }
    expect(stats.perPixel.std[0]).toBe(0);
    expect(stats.perPixel.kurtosis[0]).toBe(0);
    expect(stats.perPixel.skewness[0]).toBe(0);
  });

  it('gives the textbook moments of a two-point distribution', () => {
    // Half 0, half 255: mean 0.5, std 0.5, skewness 0, excess kurtosis -2.
    const stats = pixelStatistics(Uint8Array.of(0, 255, 0, 255), { rows: 1, cols: 1 });
    expect(stats.global).toMatchObject({ mean: 0.5, std: 0.5, skewness: 0, kurtosis: -2, min: 0, max: 1, inkFraction: 0.5 });
    expect(pixelStatistics(Uint8Array.of(0, 255), { rows: 1, cols: 1, scale: 1 }).global.mean).toBe(127.5);
  });

  it("finds MNIST's well-known mean 0.1307 and std 0.3081 on the 60,000 training images", async () => {
    const { train } = await loadMnist();
    const stats = pixelStatistics(train.images);
    expect(stats.count).toBe(60000);
    expect(stats.global.mean).toBeCloseTo(0.1307, 4);
    expect(stats.global.std).toBeCloseTo(0.3081, 4);
    // The corner pixel is blank in every MNIST image.
    expect(stats.perPixel.mean[0]).toBe(0);
    expect(stats.global.skewness).toBeGreaterThan(0);
  });

  it('rejects bad input', () => {
    expect(() => pixelStatistics(new Float32Array(784) as unknown as Uint8Array)).toThrow(/pixelStatistics: expected images to be a Uint8Array/);
    expect(() => pixelStatistics(new Uint8Array(100))).toThrow(/multiple of 28x28/);
    expect(() => pixelStatistics(new Uint8Array(0))).toThrow(/at least one image/);
    expect(() => pixelStatistics(new Uint8Array(4), { rows: 2, cols: 2, scale: 0 })).toThrow(/options.scale > 0/);
    expect(() => pixelStatistics(new Uint8Array(4), { rows: 2.5, cols: 2 })).toThrow(/rows/);
  });
});
