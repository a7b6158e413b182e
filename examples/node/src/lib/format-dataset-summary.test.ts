import { describe, expect, it } from 'vitest';
import { loadMnist } from '@digitkit/mnist-data/node';
import { formatDatasetSummary, summarizeSplit } from './dataset-summary.js';

// Independent truth: the per-class counts published with MNIST and the normalization constants
// (mean 0.1307, std 0.3081 of the training pixels on [0,1]) used throughout the literature.
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

describe('summarizeSplit', () => {
  it('matches the published MNIST counts and pixel statistics', async () => {
    const { train, test } = await loadMnist();
    const trainSummary = summarizeSplit(train);
    const testSummary = summarizeSplit(test);
    expect(trainSummary.classCounts).toEqual(TRAIN_COUNTS);
    expect(testSummary.classCounts).toEqual(TEST_COUNTS);
    expect(trainSummary.pixelMean / 255).toBeCloseTo(0.1307, 4);
    expect(trainSummary.pixelStd / 255).toBeCloseTo(0.3081, 4);
    expect([trainSummary.pixelMin, trainSummary.pixelMax]).toEqual([0, 255]);
    const text = formatDatasetSummary({ train: trainSummary, test: testSummary });
    expect(text).toContain('train: 60,000 images of 28x28');
    expect(text).toMatch(/^1\s+6742\s+11\.24\s+1135\s+11\.35$/m);
  });

  it('computes mean and population std exactly on a hand-made set', () => {
    const images = new Uint8Array([0, 0, 255, 255, 10, 20, 30, 40]);
    const summary = summarizeSplit({ images, labels: new Uint8Array([3, 3]), count: 2, rows: 2, cols: 2, numClasses: 10 });
    const values = Array.from(images);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(summary.pixelMean).toBeCloseTo(mean, 12);
    expect(summary.pixelStd).toBeCloseTo(std, 12);
    expect(summary.classCounts[3]).toBe(2);
  });
});
