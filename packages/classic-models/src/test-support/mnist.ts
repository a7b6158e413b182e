import type { DigitDataset } from '@digitkit/core';
import { loadMnist } from '@digitkit/mnist-data/node';

/** The first `train` / `test` images of the real MNIST files (the rows the sklearn fixtures were computed on). */
export async function mnistSubset(train: number, test: number): Promise<{ train: DigitDataset; test: DigitDataset }> {
  const data = await loadMnist({ limit: { train, test } });
  return { train: data.train, test: data.test };
}

/** Pixels of a data set scaled by 1/255 (float64), example-major. */
export function scaledPixels(dataset: DigitDataset): Float64Array {
  return Float64Array.from(dataset.images, (v) => v / 255);
}

/** Share of equal entries. */
export function accuracyOf(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}
