import { describe, expect, it } from 'vitest';
import { loadMnist } from '@digitkit/mnist-data/node';
import { formatDatasetSummary } from './format-dataset-summary.js';

// Independent truth: the per-class counts published with MNIST and the normalization constants
// (mean 0.1307, std 0.3081 of the training pixels on [0,1]) used throughout the literature.
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

describe('formatDatasetSummary', () => {
  it('prints the published MNIST counts and pixel statistics', async () => {
    const { train, test } = await loadMnist();
    const text = formatDatasetSummary({ train, test });
    expect(text).toMatch(/^train: 60,000 images of 28x28, pixel mean 33\.3\d std 78\.5\d \(0\.\.255; 0\.1307 \/ 0\.3081 on \[0,1\]\), range 0\.\.255$/m);
    expect(text).toMatch(/^test: 10,000 images of 28x28/m);
    const rows = text.split('\n').filter((line) => /^\d\s/.test(line)).map((line) => line.trim().split(/\s+/).map(Number));
    expect(rows.map((r) => r[1])).toEqual(TRAIN_COUNTS);
    expect(rows.map((r) => r[3])).toEqual(TEST_COUNTS);
    expect(text).toMatch(/^1\s+6742\s+11\.24\s+1135\s+11\.35$/m);
    expect(text).toMatch(/^total\s+60000\s+100\.00\s+10000\s+100\.00$/m);
  });

  it('prints the exact mean and population std of a hand-made set', () => {
    const images = new Uint8Array([0, 0, 255, 255, 10, 20, 30, 40]);
    const text = formatDatasetSummary({ tiny: { images, labels: new Uint8Array([3, 3]), count: 2, rows: 2, cols: 2, numClasses: 10 } });
    const values = Array.from(images);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(text).toContain(`pixel mean ${mean.toFixed(2)} std ${std.toFixed(2)}`);
    expect(text).toMatch(/^3\s+2\s+100\.00$/m);
  });
});
