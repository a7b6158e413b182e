import type { DigitDataset } from '@digitkit/core';
import { splitTrainValidation } from '@digitkit/mnist-data';
import { randomOverSample } from '@digitkit/preprocess-augment';
import { loadDigits } from './load-data.js';
import type { TrainingConfig } from './training-config.js';

/** The data of a run: training part (possibly over-sampled), validation part and test set. */
export interface RunData {
  /** Training examples actually used (after the validation split and over-sampling). */
  train: DigitDataset;
  /** Training part before over-sampling (for the class distribution figures). */
  trainBeforeOverSampling: DigitDataset;
  /** Held-out validation part: the only data model selection looks at. */
  validation: DigitDataset;
  /** Test images (the first `testLimit`, or all 10,000). */
  test: DigitDataset;
  /** Seconds spent loading and preparing. */
  seconds: number;
}

/** Loads MNIST and builds a run's deterministic split (stratified, seeded) and optional over-sampling. */
export async function prepareRunData(config: TrainingConfig): Promise<RunData> {
  const started = performance.now();
  // Only the first `limit` / `testLimit` images are kept by the loader itself.
  const { train: limited, test } = await loadDigits({
    limit: { train: config.limit ?? undefined, test: config.testLimit ?? undefined },
  });
  const split = splitTrainValidation(limited, {
    validationFraction: config.validationFraction,
    seed: config.seed,
    stratified: true,
  });
  const train = config.oversample ? randomOverSample(split.train, { seed: config.seed }).dataset : split.train;
  return {
    train,
    trainBeforeOverSampling: split.train,
    validation: split.validation,
    test,
    seconds: (performance.now() - started) / 1000,
  };
}
