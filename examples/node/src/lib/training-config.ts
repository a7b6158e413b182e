import { models, type LearningRateSchedule, type ModelName } from '@digitkit/cnn-models';
import type { AugmentOptions } from '@digitkit/preprocess-augment';

/** Learning-rate schedules of `--schedule`. */
export const SCHEDULES = ['constant', 'exponential', 'cosine', 'one-cycle'] as const;
/** One of {@link SCHEDULES}. */
export type LearningRateScheduleKind = (typeof SCHEDULES)[number];

/** Model names `--model` accepts: the keys of the `models` registry of @digitkit/cnn-models. */
export const MODEL_NAMES = Object.keys(models) as ModelName[];

/** Everything that decides what a training run computes; stored in `run.json` so `train --resume` can continue. */
export interface TrainingConfig {
  /** Registry name of the model. */
  model: ModelName;
  /** Total epochs (early stopping may end sooner). */
  epochs: number;
  /** Examples per training step. */
  batchSize: number;
  /** Adam learning rate: the initial one, or the peak for `one-cycle`. */
  learningRate: number;
  /**
   * Learning-rate schedule, evaluated every step: `constant`; `exponential` (× `learningRateDecay` per epoch);
   * `cosine` (to 0 at the end); `one-cycle` (warm-up to the peak over 30% of the steps, then cosine annealing to
   * peak/250000 — Smith & Topin's super-convergence, the best accuracy for a fixed short budget).
   */
  schedule: LearningRateScheduleKind;
  /** Multiplier per epoch of the `exponential` schedule. */
  learningRateDecay: number;
  /** Fraction of the (limited) training set held out, stratified, for validation and model selection. */
  validationFraction: number;
  /** Early-stopping patience in epochs on validation loss (0 = off); the best validation epoch's weights are kept either way. */
  patience: number;
  /** On-the-fly augmentation of training batches, or null. */
  augment: Omit<AugmentOptions, 'seed'> | null;
  /** Random over-sampling of the training part to the majority class count (imbalanced-learn semantics). */
  oversample: boolean;
  /** Seed of the split, over-sampling, initialization, shuffles and augmentation. */
  seed: number;
  /** Use only the first `limit` training images (before the validation split); null = all 60,000. */
  limit: number | null;
  /** Evaluate on the first `testLimit` test images; null = all 10,000. */
  testLimit: number | null;
  /**
   * Momentum of the BatchNorm moving statistics (Keras default 0.99). Short runs (a few hundred steps) need a
   * smaller one (0.9), or the statistics used at inference still carry their initial values.
   */
  batchNormMomentum: number;
}

/** The augmentation `--augment` switches on: small rotations, shifts, zooms and shears, like the papers'. */
export const DEFAULT_AUGMENT: Omit<AugmentOptions, 'seed'> = {
  rotationDegrees: 10,
  shift: 2,
  zoom: 0.1,
  shear: 8,
};

/** Names of the presets of `train --preset`. */
export const PRESETS = ['main', 'paper-cnn', 'paper-bn-cnn', 'best'] as const;
/** One of {@link PRESETS}. */
export type PresetName = (typeof PRESETS)[number];

/** Settings the registry's `recommendedTraining` does not carry (CLI defaults). */
const CLI_DEFAULTS = { seed: 42, limit: null, testLimit: null, batchNormMomentum: 0.99, oversample: false } as const;

/** A model's published recipe, read from the `models` registry of @digitkit/cnn-models. */
function recommendedConfig(model: ModelName): TrainingConfig {
  const recipe = models[model].recommendedTraining;
  return {
    ...CLI_DEFAULTS,
    model,
    epochs: recipe.epochs,
    batchSize: recipe.batchSize,
    learningRate: recipe.learningRate,
    schedule: recipe.schedule?.type ?? 'constant',
    learningRateDecay: recipe.schedule?.decayRate ?? 1,
    validationFraction: recipe.validationFraction,
    patience: recipe.earlyStopping?.patience ?? 0,
    augment: recipe.augment ? { ...recipe.augment } : null,
  };
}

/**
 * The presets: each is a model's recipe from the registry plus the CLI's own changes to it (the one table).
 * - `main`: the README main job — the second paper's BatchNorm CNN, 3 epochs, one-cycle peak 3e-3 so it finishes
 *   in minutes on the wasm backend.
 * - `paper-cnn`: the first paper's recipe, exactly the registry's (15 epochs, batch 32, Adam 1e-3, validation 0.2).
 * - `paper-bn-cnn`: the second paper's recipe — the registry's (20 epochs, batch 64, Adam 1e-3, validation 0.2,
 *   early stopping with patience 3) plus the paper's over-sampling and rotation/shift/zoom augmentation.
 * - `best`: the strongest single model — strong-cnn, 10 epochs, augmentation, one-cycle peak 3e-3 (measured 99.68%)
 *   instead of the registry's 30 epochs with exponential decay.
 */
export const PRESET_CONFIGS: Readonly<Record<PresetName, TrainingConfig>> = {
  main: {
    ...recommendedConfig('paper-bn-cnn'),
    epochs: 3,
    learningRate: 3e-3,
    schedule: 'one-cycle',
    validationFraction: 0.1,
    patience: 0,
  },
  'paper-cnn': recommendedConfig('paper-cnn'),
  'paper-bn-cnn': {
    ...recommendedConfig('paper-bn-cnn'),
    oversample: true,
    augment: { rotationDegrees: 10, shift: 2, zoom: 0.1 },
  },
  best: {
    ...recommendedConfig('strong-cnn'),
    epochs: 10,
    learningRate: 3e-3,
    schedule: 'one-cycle',
    learningRateDecay: 1,
    augment: DEFAULT_AUGMENT,
  },
};

/** The `schedule` option of `trainClassifier` for a config (`undefined` = constant). */
export function toSchedule(config: Pick<TrainingConfig, 'schedule' | 'learningRateDecay'>): LearningRateSchedule | undefined {
  switch (config.schedule) {
    case 'constant':
      return undefined;
    case 'exponential':
      return { type: 'exponential', decayRate: config.learningRateDecay };
    case 'cosine':
      return { type: 'cosine' };
    case 'one-cycle':
      return { type: 'one-cycle' };
  }
}

/**
 * The BatchNorm momentum of a run: the config's, or 0.9 when the whole run has fewer than 1,000 steps (BatchNorm's
 * moving statistics need a faster momentum to settle in a short run).
 */
export function batchNormMomentumFor(config: Pick<TrainingConfig, 'limit' | 'validationFraction' | 'batchSize' | 'epochs' | 'batchNormMomentum'>): number {
  const trainImages = (config.limit ?? 60_000) * (1 - config.validationFraction);
  return Math.ceil(trainImages / config.batchSize) * config.epochs < 1000 ? 0.9 : config.batchNormMomentum;
}

/**
 * The settings of a stored config (`run.json`) that are missing or of the wrong type, as `config.<key>` names;
 * empty when it is a complete {@link TrainingConfig}.
 */
export function checkTrainingConfig(config: Record<string, unknown> | TrainingConfig): string[] {
  const c = config as Record<string, unknown>;
  const wrong: string[] = [];
  const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  const integer = (v: unknown, min: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
  const checks: Record<keyof TrainingConfig, (v: unknown) => boolean> = {
    model: (v) => typeof v === 'string' && (MODEL_NAMES as string[]).includes(v),
    epochs: (v) => integer(v, 1),
    batchSize: (v) => integer(v, 1),
    learningRate: positive,
    schedule: (v) => typeof v === 'string' && (SCHEDULES as readonly string[]).includes(v),
    learningRateDecay: (v) => positive(v) && (v as number) <= 1,
    validationFraction: (v) => positive(v) && (v as number) < 1,
    patience: (v) => integer(v, 0),
    augment: (v) => v === null || (typeof v === 'object' && !Array.isArray(v)),
    oversample: (v) => typeof v === 'boolean',
    seed: (v) => integer(v, 0),
    limit: (v) => v === null || integer(v, 20),
    testLimit: (v) => v === null || integer(v, 1),
    batchNormMomentum: (v) => positive(v) && (v as number) < 1,
  };
  for (const [key, ok] of Object.entries(checks)) if (!ok(c[key])) wrong.push(`config.${key}`);
  return wrong;
}
