import type { ModelName } from '@digitkit/cnn-models';
import { batchNormMomentumFor, PRESET_CONFIGS, type TrainingConfig } from './training-config.js';

/** The classic models of `digitkit compare` (fitted with @digitkit/classic-models). */
export const CLASSIC_MODELS = ['knn', 'rbf-svm', 'logistic-regression'] as const;
/** One of {@link CLASSIC_MODELS}. */
export type ClassicModelName = (typeof CLASSIC_MODELS)[number];

/** Display names of the members and ensembles in the report. */
export const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  knn: 'k-NN (k=3)',
  'rbf-svm': 'RBF SVM',
  'logistic-regression': 'logistic regression',
  'soft-vote': 'soft vote (CNNs)',
  'weighted-vote': 'weighted soft vote (CNNs)',
  'hard-vote': 'hard vote (CNNs)',
  stacking: 'stacking (CNNs)',
};

/** Everything that decides what `digitkit compare` computes; stored in `compare.json` so `--resume` can continue. */
export interface CompareConfig {
  /** Classic models, fitted on the training part. */
  classic: ClassicModelName[];
  /** CNNs from the cnn-models registry, trained on the training part with the validation part for model selection. */
  cnns: ModelName[];
  /** Epochs of every CNN. */
  epochs: number;
  /** Batch size of every CNN. */
  batchSize: number;
  /** Peak learning rate of the one-cycle schedule of every CNN. */
  learningRate: number;
  /** Share of the (limited) training images held out (stratified, seeded) for CNN selection and the stacking fit. */
  validationFraction: number;
  /** Seed of the split, initializations, shuffles, SVM features. */
  seed: number;
  /** First `limit` training images only; null = all 60,000. */
  limit: number | null;
  /** First `testLimit` test images only; null = all 10,000. */
  testLimit: number | null;
}

/**
 * The default comparison: the three classic models, both papers' CNNs and LeNet-5 (a third, different architecture
 * at a sixth of the cost: diversity for the ensembles), 3 epochs each (the main job's recipe).
 */
export const DEFAULT_COMPARE_CONFIG: CompareConfig = {
  classic: [...CLASSIC_MODELS],
  cnns: ['paper-cnn', 'paper-bn-cnn', 'lenet5'],
  epochs: PRESET_CONFIGS.main.epochs,
  batchSize: PRESET_CONFIGS.main.batchSize,
  learningRate: PRESET_CONFIGS.main.learningRate,
  validationFraction: PRESET_CONFIGS.main.validationFraction,
  seed: PRESET_CONFIGS.main.seed,
  limit: null,
  testLimit: null,
};

/** The training config of one CNN of a comparison: the main job's recipe with the comparison's settings. */
export function cnnTrainingConfig(config: CompareConfig, model: ModelName): TrainingConfig {
  const training: TrainingConfig = {
    ...PRESET_CONFIGS.main,
    model,
    epochs: config.epochs,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    validationFraction: config.validationFraction,
    seed: config.seed,
    limit: config.limit,
    testLimit: config.testLimit,
  };
  training.batchNormMomentum = batchNormMomentumFor(training);
  return training;
}
