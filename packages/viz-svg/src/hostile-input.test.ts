import { describe, expect, it } from 'vitest';
import * as api from './index.js';

/**
 * Inputs that would build an SVG string of gigabytes (beyond V8's string limit of about 512 MB):
 * each renderer refuses them at once with a RangeError that says what to do.
 */
describe('hostile input', () => {
  const digit = new Uint8Array(784);

  it('renderDigitGrid: at most 10,000 digits', () => {
    const many = new Uint8Array(10_001 * 784);
    expect(() => api.renderDigitGrid(many)).toThrow(/^renderDigitGrid: expected the number of images to be an integer ≥ 1 and ≤ 10000, got 10001$/);
    expect(() => api.renderDigitGrid([])).toThrow(RangeError);
  });

  it('renderAugmentationComparison: at most 10,000 digits in all', () => {
    const originals = Array.from({ length: 100 }, () => digit);
    const augmented = Array.from({ length: 100 * 100 }, () => digit);
    expect(() => api.renderAugmentationComparison(originals, augmented)).toThrow(/originals \+ augmented\) to be an integer ≤ 10000, got 10100/);
  });

  it('renderHeatmap: at most 250,000 cells as rects (the image mode takes up to 4096 x 4096)', () => {
    const big = { data: new Float64Array(600 * 600), rows: 600, cols: 600 };
    expect(() => api.renderHeatmap(big, { mode: 'rects' })).toThrow(/drawn as rects \(600x600; use mode 'image'\) to be an integer ≤ 250000, got 360000/);
    expect(api.renderHeatmap(big)).toMatch(/^<svg/); // 'auto' picks the image
  });

  it('renderConfusionMatrix: at most 500 classes; renderClassDistribution: at most 10,000', () => {
    const k = 501;
    const matrix = { data: new Float64Array(k * k), rows: k, cols: k };
    expect(() => api.renderConfusionMatrix(matrix)).toThrow(/number of classes \(matrix rows\) to be an integer ≤ 500, got 501/);
    expect(() => api.renderClassDistribution(new Float64Array(10_001))).toThrow(/number of classes to be an integer ≤ 10000, got 10001/);
  });
});
