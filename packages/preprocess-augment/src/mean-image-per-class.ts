import type { DigitDataset } from '@digitkit/core';
import { checkByteDataset } from './internal/validate.js';

/** Result of {@link meanImagePerClass}. */
export interface MeanImages {
  rows: number;
  cols: number;
  numClasses: number;
  /** Examples per class. */
  counts: number[];
  /** Per class, the mean image in [0, 1] (`rows * cols` values, row-major); all NaN for a class with no examples. */
  means: Float64Array[];
}

/**
 * The average image of each class (the "mean digit" figures of EDA reports).
 * @param dataset a `DigitDataset`
 */
export function meanImagePerClass(dataset: DigitDataset): MeanImages {
  checkByteDataset('meanImagePerClass', dataset, { allowEmpty: true });
  const { images, labels, count, rows, cols, numClasses } = dataset;
  const size = rows * cols;
  const sums = Array.from({ length: numClasses }, () => new Float64Array(size));
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < count; i++) {
    const label = labels[i];
    counts[label]++;
    const sum = sums[label];
    const base = i * size;
    for (let p = 0; p < size; p++) sum[p] += images[base + p];
  }
  const means = sums.map((sum, label) => {
    const mean = new Float64Array(size);
    for (let p = 0; p < size; p++) mean[p] = counts[label] === 0 ? Number.NaN : sum[p] / counts[label] / 255;
    return mean;
  });
  return { rows, cols, numClasses, counts, means };
}
