import type * as tfl from '@tensorflow/tfjs-layers';
import { createBatchNormCnn } from './batch-norm-cnn.js';
import { createLeNet5, type LeNet5Options } from './lenet5.js';
import type { ModelOptions } from './model-options.js';
import { createPaperCnn } from './paper-cnn.js';
import { createSeCnn, type SeCnnOptions } from './se-cnn.js';
import { createStrongCnn, type StrongCnnOptions } from './strong-cnn.js';
import { compileModel } from './compile-model.js';

/** Training settings a model was designed or published with (a starting point for `trainClassifier`). */
export interface RecommendedTraining {
  /** Number of epochs. */
  epochs: number;
  /** Examples per batch. */
  batchSize: number;
  /** Optimizer name. */
  optimizer: 'adam';
  /** Initial learning rate. */
  learningRate: number;
  /** Fraction of the training set held out for validation. */
  validationFraction: number;
  /** Learning-rate schedule, if any. */
  schedule?: { type: 'exponential'; decayRate: number };
  /** Early stopping on validation loss, if used. */
  earlyStopping?: { monitor: 'valLoss'; patience: number; restoreBestWeights: boolean };
  /**
   * Augmentation (options of `augmentBatch` from `@digitkit/preprocess-augment`: degrees, zoom fraction, shift in
   * pixels — 2.8 px is 10% of 28), if used.
   */
  augment?: { rotationDegrees: number; zoom: number; shift: number };
}

/** One entry of the {@link models} registry. */
export interface ModelEntry<O extends ModelOptions = ModelOptions> {
  /** Registry key, e.g. `'paper-cnn'`. */
  name: string;
  /** One-line description. */
  description: string;
  /** Builds a fresh, uncompiled model. */
  create: (options?: O) => tfl.LayersModel;
  /** Parameter count on `[28, 28, 1]` input with 10 classes (trainable + BatchNorm moving statistics). */
  parameters: number;
  /** Forward-pass FLOPs per 28×28 image (2 × multiply-accumulates of conv and dense layers). */
  flopsPerImage: number;
  /** Training settings the model was published or designed with. */
  recommendedTraining: RecommendedTraining;
}

/** Names accepted by {@link createModel}. */
export type ModelName = 'paper-cnn' | 'paper-bn-cnn' | 'lenet5' | 'se-cnn' | 'strong-cnn';

/**
 * The registry of model builders, keyed by name, so tools (the CLI's `--model`) can pick a model by name.
 * Figures are for `[28, 28, 1]` input and 10 classes.
 */
export const models: Readonly<{
  'paper-cnn': ModelEntry;
  'paper-bn-cnn': ModelEntry;
  lenet5: ModelEntry<LeNet5Options>;
  'se-cnn': ModelEntry<SeCnnOptions>;
  'strong-cnn': ModelEntry<StrongCnnOptions>;
}> = Object.freeze({
  'paper-cnn': {
    name: 'paper-cnn',
    description: "First paper's CNN: two conv+max-pool blocks (32, 64), dense 128, dropout 0.25",
    create: createPaperCnn,
    parameters: 225_034,
    flopsPerImage: 5_262_080,
    recommendedTraining: { epochs: 15, batchSize: 32, optimizer: 'adam', learningRate: 1e-3, validationFraction: 0.2 },
  },
  'paper-bn-cnn': {
    name: 'paper-bn-cnn',
    description: "Second paper's CNN: conv+BatchNorm+ReLU+max-pool blocks (32, 64), dense 128, dropout 0.5",
    create: createBatchNormCnn,
    parameters: 225_418,
    flopsPerImage: 5_262_080,
    recommendedTraining: {
      epochs: 20,
      batchSize: 64,
      optimizer: 'adam',
      learningRate: 1e-3,
      validationFraction: 0.2,
      earlyStopping: { monitor: 'valLoss', patience: 3, restoreBestWeights: true },
    },
  },
  lenet5: {
    name: 'lenet5',
    description: 'LeNet-5 (LeCun et al. 1998) for 28x28 input, ReLU',
    create: createLeNet5,
    parameters: 61_706,
    flopsPerImage: 833_040,
    recommendedTraining: { epochs: 10, batchSize: 64, optimizer: 'adam', learningRate: 1e-3, validationFraction: 0.1 },
  },
  'se-cnn': {
    name: 'se-cnn',
    description: 'Three conv+BatchNorm blocks (32, 64, 128) with squeeze-and-excitation attention, global pooling',
    create: createSeCnn,
    parameters: 100_486,
    flopsPerImage: 14_915_584,
    recommendedTraining: {
      epochs: 15,
      batchSize: 64,
      optimizer: 'adam',
      learningRate: 2e-3,
      validationFraction: 0.1,
      schedule: { type: 'exponential', decayRate: 0.85 },
      augment: { rotationDegrees: 10, zoom: 0.1, shift: 2.8 },
    },
  },
  'strong-cnn': {
    name: 'strong-cnn',
    description: 'Stacked 3x3 conv+BatchNorm stages with strided 5x5 downsampling and dropout 0.4 (99.6%+ recipe)',
    create: createStrongCnn,
    parameters: 327_242,
    flopsPerImage: 30_325_504,
    recommendedTraining: {
      epochs: 30,
      batchSize: 64,
      optimizer: 'adam',
      learningRate: 1e-3,
      validationFraction: 0.1,
      schedule: { type: 'exponential', decayRate: 0.9 },
      augment: { rotationDegrees: 10, zoom: 0.1, shift: 2.8 },
    },
  },
});

/**
 * Builds a model from the {@link models} registry by name.
 *
 * @param name - One of `'paper-cnn' | 'paper-bn-cnn' | 'lenet5' | 'se-cnn' | 'strong-cnn'`.
 * @param options - The builder's options (seed, dropout, input shape, classes, ...).
 * @returns The model, compiled (Adam 1e-3, categorical cross-entropy, accuracy) so `model.evaluate` and
 *   `model.fit` work; `trainClassifier` ignores this default optimizer unless you compile with your own.
 * @throws TypeError naming the known models when `name` is not one of them.
 */
export function createModel(name: ModelName, options?: ModelOptions & Record<string, unknown>): tfl.LayersModel {
  const entry = Object.prototype.hasOwnProperty.call(models, name)
    ? (models as Record<string, ModelEntry>)[name]
    : undefined;
  if (entry === undefined) {
    throw new TypeError(
      `createModel: unknown model ${JSON.stringify(name)}; expected one of ${Object.keys(models).map((n) => `'${n}'`).join(', ')}`,
    );
  }
  return compileModel(entry.create(options));
}
