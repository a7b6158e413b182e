import type { DigitDataset } from '@digitkit/core';
import type { AugmentOptions } from '@digitkit/preprocess-augment';
import type * as tf from '@tensorflow/tfjs-core';
import type { CheckpointStore } from './checkpoint-store.js';
import type { OptimizerName } from './create-optimizer.js';
import type { EarlyStoppingOptions } from './early-stopping.js';
import type { LabelledTensors } from './example-source.js';
import type { LearningRateSchedule, LearningRateScheduleName } from './learning-rate-schedule.js';
import type { ParallelOptions } from './parallel-step-runner.js';
import type { ReduceLrOnPlateauOptions } from './reduce-lr-on-plateau.js';
import type { EpochLog, TrainingHistory } from './training-history.js';

/** Progress of one training step, given to `onBatchEnd`. */
export interface BatchLog {
  /** 1-based epoch. */
  epoch: number;
  /** 0-based batch index within the epoch. */
  batch: number;
  /** Batches per epoch. */
  batches: number;
  /** Examples in this batch. */
  size: number;
  /** Mean cross-entropy of this batch. */
  loss: number;
  /** Accuracy of this batch, in [0, 1] (`NaN` in data-parallel runs: the workers report the loss only). */
  accuracy: number;
  /** Learning rate used for this step. */
  learningRate: number;
  /** 0-based global step of this batch across epochs. */
  step: number;
}

/** Options of `trainClassifier`. Closed: an unknown key throws a `TypeError` naming it (with a did-you-mean). */
export interface TrainClassifierOptions {
  /**
   * Held-out data evaluated after every epoch (loss and accuracy); the only data model selection looks at. A
   * `DigitDataset` or `{ xs, ys }` tensors like the training data.
   */
  validationData?: DigitDataset | LabelledTensors;
  /**
   * Fraction in (0, 1) of the training examples held out as validation data instead of `validationData`
   * (Keras' `validationSplit`, but a seeded random choice rather than the last examples): `round(f · N)`
   * examples, chosen from the run's `seed`, so a resume holds out the same ones.
   */
  validationSplit?: number;
  /** Total number of epochs (including epochs done before a resume). Default `10`. */
  epochs?: number;
  /** Examples per training step. Default `32`. */
  batchSize?: number;
  /** Batch size of validation passes (no gradients). Default `256`. */
  validationBatchSize?: number;
  /**
   * Optimizer name or a `tf.Optimizer` instance. Default: the optimizer the model was compiled with (by you:
   * `model.compile({ optimizer })`), else `'adam'` (β1 0.9, β2 0.999, ε 1e-7). An instance (or the compiled
   * one) is not disposed by `trainClassifier`; a named one is.
   */
  optimizer?: OptimizerName | tf.Optimizer;
  /**
   * Initial learning rate (for `'one-cycle'`: the peak). Default: Keras' default of the optimizer (1e-3 for Adam,
   * 0.01 for SGD/momentum), or the instance's own rate.
   */
  learningRate?: number;
  /** Learning-rate schedule, evaluated every step: `'exponential'`, `'cosine'`, `'one-cycle'` or an object. */
  schedule?: LearningRateSchedule | LearningRateScheduleName;
  /** Early stopping (Keras semantics); `true` for the defaults (monitor `'valLoss'`, patience 0). */
  earlyStopping?: EarlyStoppingOptions | true;
  /** Learning-rate reduction on a plateau (Keras semantics); `true` for the defaults. Not combinable with `schedule`. */
  reduceLrOnPlateau?: ReduceLrOnPlateauOptions | true;
  /**
   * On-the-fly augmentation of every training batch with `augmentBatch` from `@digitkit/preprocess-augment`
   * (rotation, shift, zoom, shear, elastic, noise). Its seed is derived from `seed`, the epoch and the batch.
   */
  augment?: Omit<AugmentOptions, 'seed'>;
  /**
   * Recompute the BatchNorm moving mean and variance after every epoch as the average of the batch statistics
   * over `batches` training batches (without augmentation; PyTorch's `update_bn`), so inference matches
   * training even after a few hundred steps. `true` = `{ batches: 50 }`. Default: `true` for models with a
   * BatchNormalization layer, ignored for others. `false` keeps the moving averages of training.
   */
  recalibrateBatchNorm?: boolean | { batches?: number };
  /**
   * Where to write a checkpoint after every epoch (and read one to resume from). Use `createMemoryCheckpointStore()`
   * or, in Node, `createFileCheckpointStore(dir)` / the `checkpointDir` option of the `./node` `trainClassifier`.
   */
  checkpoint?: CheckpointStore;
  /** Continue from the store's checkpoint when it has one. Default `true`; `false` starts over (and overwrites it). */
  resume?: boolean;
  /** Seed of the shuffles, augmentations and `validationSplit` (streams derived from it). Default: random. */
  seed?: number;
  /** Shuffle the training data every epoch. Default `true`. */
  shuffle?: boolean;
  /**
   * Print one Keras-style line per epoch (`Epoch 1/3 - 157/157 - 12.3s - loss: 0.1234 - acc: 0.9612 - val_loss:
   * 0.0567 - val_acc: 0.9823`): `true` (or `1`, `2`) to `console.log`, a function to receive the lines. Default off.
   */
  verbose?: boolean | 0 | 1 | 2 | ((line: string) => void);
  /**
   * Data-parallel training over Node worker threads (`@digitkit/wasm-training/node`, which must be installed):
   * each step's batch is split over `workers` model replicas whose gradients are summed. Node only.
   */
  parallel?: ParallelOptions;
  /** Called after every epoch (after validation, callbacks and checkpoint); awaited. */
  onEpochEnd?: (log: EpochLog, history: TrainingHistory) => void | Promise<void>;
  /** Called after every training step; awaited. */
  onBatchEnd?: (log: BatchLog) => void | Promise<void>;
  /**
   * Stops training within one step: `trainClassifier` lets a checkpoint write in progress finish, releases its
   * tensors and rejects with an `AbortedError` (name `'AbortError'`, from `@digitkit/core`) saying how far it got.
   * The checkpoint of the last finished epoch stays usable for a resume.
   */
  signal?: AbortSignal;
}

/** Every key of {@link TrainClassifierOptions}. */
export const TRAIN_CLASSIFIER_OPTION_KEYS: readonly (keyof TrainClassifierOptions)[] = [
  'validationData',
  'validationSplit',
  'epochs',
  'batchSize',
  'validationBatchSize',
  'optimizer',
  'learningRate',
  'schedule',
  'earlyStopping',
  'reduceLrOnPlateau',
  'augment',
  'recalibrateBatchNorm',
  'checkpoint',
  'resume',
  'seed',
  'shuffle',
  'verbose',
  'parallel',
  'onEpochEnd',
  'onBatchEnd',
  'signal',
];
