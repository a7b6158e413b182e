import type { DigitDataset } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { classDistribution } from './class-distribution.js';
import { meanImagePerClass } from './mean-image-per-class.js';
import { pixelCorrelation } from './pixel-correlation.js';
import { pixelStatistics } from './pixel-statistics.js';
import { summarizeDataset } from './summarize-dataset.js';
import { randomBytes } from './__fixtures__/reference.js';

function fixture(): DigitDataset {
  const labels = Uint8Array.of(0, 2, 2, 1, 0, 2, 0, 2);
  return { images: randomBytes(8 * 9, 4, 0.7), labels, count: 8, rows: 3, cols: 3, numClasses: 4 };
}

describe('classDistribution', () => {
  it('counts labels, including empty classes', () => {
    const d = classDistribution(Uint8Array.of(0, 2, 2, 1, 0, 2, 0, 2), { numClasses: 4 });
    expect(d).toEqual({ counts: [3, 1, 4, 0], fractions: [3 / 8, 1 / 8, 4 / 8, 0], total: 8, majority: 2, minority: 3, imbalanceRatio: Infinity });
    expect(classDistribution([1, 1, 0]).counts).toEqual([1, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(classDistribution([], { numClasses: 2 })).toMatchObject({ total: 0, majority: -1, minority: -1 });
  });

  it('rejects labels outside the classes', () => {
    expect(() => classDistribution([0, 10])).toThrow(/classDistribution: expected labels in \[0, 10\), got 10 at index 1/);
    expect(() => classDistribution([0.5])).toThrow(RangeError);
    expect(() => classDistribution([0], { numClasses: 0 })).toThrow(/numClasses/);
  });
});

describe('meanImagePerClass', () => {
  it('averages the images of each class (brute force), NaN for empty classes', () => {
    const ds = fixture();
    const result = meanImagePerClass(ds);
    expect(result.counts).toEqual([3, 1, 4, 0]);
    for (let label = 0; label < 3; label++) {
      const members = Array.from(ds.labels.keys()).filter((i) => ds.labels[i] === label);
      for (let p = 0; p < 9; p++) {
        const expected = members.reduce((s, i) => s + ds.images[i * 9 + p], 0) / members.length / 255;
        expect(result.means[label][p]).toBeCloseTo(expected, 12);
      }
    }
    expect(Array.from(result.means[3]).every(Number.isNaN)).toBe(true);
  });

  it('rejects a malformed dataset', () => {
    expect(() => meanImagePerClass({ ...fixture(), count: 9 })).toThrow(/meanImagePerClass: expected dataset.labels to have 9 entries \(dataset.count\), got 8/);
  });
});

describe('summarizeDataset', () => {
  it('gathers every statistic of the dataset', () => {
    const ds = fixture();
    const summary = summarizeDataset(ds, { correlationDownsample: 1 });
    expect(summary).toMatchObject({ count: 8, rows: 3, cols: 3, numClasses: 4 });
    expect(summary.classDistribution).toEqual(classDistribution(ds.labels, { numClasses: 4 }));
    expect(summary.pixelStatistics).toEqual(pixelStatistics(ds.images, { rows: 3, cols: 3 }));
    expect(summary.pixelCorrelation).toEqual(pixelCorrelation(ds.images, { rows: 3, cols: 3 }));
    expect(summary.meanImagePerClass).toEqual(meanImagePerClass(ds));
    expect(summarizeDataset(ds, { correlationDownsample: false }).pixelCorrelation).toBeUndefined();
  });
});
