import { describe, expect, it } from 'vitest';
import { pixelCorrelation } from './pixel-correlation.js';
import { pearson, randomBytes } from './__fixtures__/reference.js';

describe('pixelCorrelation', () => {
  it('matches a two-pass Pearson correlation on a small fixture, with NaN for constant pixels', () => {
    const rows = 4;
    const cols = 6;
    const count = 50;
    const images = randomBytes(count * rows * cols, 31, 0.4);
    for (let i = 0; i < count; i++) {
      images[i * rows * cols + 5] = 0; // constant blank pixel
      images[i * rows * cols + 7] = 200; // constant ink pixel
      images[i * rows * cols + 8] = 255 - images[i * rows * cols + 9]; // perfectly anti-correlated pair
    }
    const result = pixelCorrelation(images, { rows, cols });
    expect(result.size).toBe(24);
    expect(result.constantFeatures).toEqual([5, 7]);
    const column = (p: number): number[] => Array.from({ length: count }, (_, i) => images[i * rows * cols + p]);
    for (let a = 0; a < 24; a++) {
      expect(result.matrix[a * 24 + a]).toBe(1);
      for (let b = 0; b < 24; b++) {
        if (a === b) continue;
        const expected = pearson(column(a), column(b));
        const actual = result.matrix[a * 24 + b];
        if (Number.isNaN(expected)) expect(actual).toBeNaN();
        else expect(actual).toBeCloseTo(expected, 10);
      }
    }
    expect(result.matrix[8 * 24 + 9]).toBeCloseTo(-1, 12);
  });

  it('correlates block averages when downsampling', () => {
    const rows = 4;
    const cols = 4;
    const count = 30;
    const images = randomBytes(count * rows * cols, 8, 0.5);
    const result = pixelCorrelation(images, { rows, cols, downsample: 2 });
    expect(result).toMatchObject({ rows: 2, cols: 2, size: 4 });
    const block = (by: number, bx: number): number[] => Array.from({ length: count }, (_, i) => {
      let sum = 0;
      for (let y = 0; y < 2; y++) for (let x = 0; x < 2; x++) sum += images[i * 16 + (by * 2 + y) * 4 + bx * 2 + x];
      return sum / 4;
    });
    const blocks = [block(0, 0), block(0, 1), block(1, 0), block(1, 1)];
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        if (a !== b) expect(result.matrix[a * 4 + b]).toBeCloseTo(pearson(blocks[a], blocks[b]), 10);
      }
    }
  });

  it('rejects bad input', () => {
    expect(() => pixelCorrelation(new Uint8Array(784 * 3), { downsample: 3 })).toThrow(/pixelCorrelation: expected options.downsample to divide 28x28, got 3/);
    expect(() => pixelCorrelation(new Uint8Array(784), {})).toThrow(/at least 2 images/);
    expect(() => pixelCorrelation(new Uint8Array(784 * 2), { downsample: 0 })).toThrow(/downsample/);
  });
});
