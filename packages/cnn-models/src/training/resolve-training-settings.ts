import {
  checkBoolean,
  checkFiniteNumber,
  checkFunction,
  checkInteger,
  checkOptions,
  describeValue,
} from '@digitkit/core';
import { drawAugmentation, type AugmentOptions } from '@digitkit/preprocess-augment';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { isDefaultCompiledOptimizer } from '../models/compile-model.js';
import { assertModelMatchesData, modelDataShape } from './assert-model.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { DEFAULT_LEARNING_RATES, assertOptimizerName, getOptimizerLearningRate, type OptimizerName } from './create-optimizer.js';
import { resolveEarlyStopping, type ResolvedEarlyStopping } from './early-stopping.js';
import { toExampleSource, type ExampleSource } from './example-source.js';
import { resolveSchedule } from './learning-rate-schedule.js';
import { resolveParallel, type ResolvedParallel } from './parallel-step-runner.js';
import { batchNormLayers } from './recalibrate-batch-norm.js';
import { resolveReduceLrOnPlateau, type ResolvedReduceLrOnPlateau } from './reduce-lr-on-plateau.js';
import { TRAIN_CLASSIFIER_OPTION_KEYS, type BatchLog, type TrainClassifierOptions } from './train-classifier-options.js';
import type { EpochLog, TrainingHistory } from './training-history.js';

/** Everything `trainClassifier` needs, checked, with defaults filled in. */
export interface TrainingSettings {
  train: ExampleSource;
  validation: ExampleSource | undefined;
  validationSplit: number | undefined;
  epochs: number;
  batchSize: number;
  validationBatchSize: number;
  /** The instance to use (not disposed by the trainer), or undefined to create `optimizerName`. */
  optimizerInstance: tf.Optimizer | undefined;
  /** Our name, or the instance's class name (stored in checkpoints). */
  optimizerName: string;
  baseLearningRate: number;
  schedule: ReturnType<typeof resolveSchedule> | undefined;
  earlyStopping: ResolvedEarlyStopping | undefined;
  plateau: ResolvedReduceLrOnPlateau | undefined;
  augment: Omit<AugmentOptions, 'seed'> | undefined;
  /** Batches of BatchNorm recalibration after each epoch, or 0 for none. */
  recalibrationBatches: number;
  store: CheckpointStore | undefined;
  resume: boolean;
  seed: number | undefined;
  shuffle: boolean;
  log: ((line: string) => void) | undefined;
  parallel: ResolvedParallel | undefined;
  onEpochEnd: ((log: EpochLog, history: TrainingHistory) => void | Promise<void>) | undefined;
  onBatchEnd: ((log: BatchLog) => void | Promise<void>) | undefined;
  signal: AbortSignal | undefined;
}

const HINTS: Record<string, string> = {
  checkpointDir: "checkpointDir needs the file system; import trainClassifier from '@digitkit/cnn-models/node', or pass a checkpoint store",
  callbacks: 'callbacks is not supported; pass onEpochEnd / onBatchEnd functions (and earlyStopping, reduceLrOnPlateau, schedule options)',
};

/**
 * Checks every argument of `trainClassifier` and fills in the defaults, before any work: closed options, the
 * model, the data (a `DigitDataset` via core's `checkDataset`, or `{ xs, ys }` tensors), each option's range.
 *
 * @throws TypeError/RangeError naming `functionName`, the option and what was found.
 */
export function resolveTrainingSettings(
  functionName: string,
  model: tfl.LayersModel,
  trainData: unknown,
  options: TrainClassifierOptions | undefined,
): TrainingSettings {
  const fn = functionName;
  if (options !== undefined && typeof options === 'object' && options !== null) {
    for (const key of Object.keys(HINTS)) if (key in options) throw new TypeError(`${fn}: ${HINTS[key]}`);
  }
  const opts = checkOptions(fn, options, TRAIN_CLASSIFIER_OPTION_KEYS as string[]) as TrainClassifierOptions;
  const shape = modelDataShape(fn, model);
  const train = toExampleSource(fn, 'trainData', trainData, shape);
  assertModelMatchesData(fn, model, train);
  let validation: ExampleSource | undefined;
  if (opts.validationData !== undefined) {
    validation = toExampleSource(fn, 'validationData', opts.validationData, shape);
    if (validation.rows !== train.rows || validation.cols !== train.cols || validation.numClasses !== train.numClasses) {
      throw new RangeError(
        `${fn}: expected validationData with ${train.rows}x${train.cols} images and ${train.numClasses} classes like trainData, got ${validation.rows}x${validation.cols} and ${validation.numClasses}`,
      );
    }
  }
  let validationSplit: number | undefined;
  if (opts.validationSplit !== undefined) {
    validationSplit = checkFiniteNumber(fn, 'validationSplit', opts.validationSplit, { greaterThan: 0, lessThan: 1 });
    if (validation) throw new TypeError(`${fn}: pass either validationData or validationSplit, not both`);
    const held = Math.round(validationSplit * train.count);
    if (held < 1 || held >= train.count) {
      throw new RangeError(
        `${fn}: expected validationSplit to hold out between 1 and ${train.count - 1} of the ${train.count} examples, got ${held}`,
      );
    }
  }
  const epochs = checkInteger(fn, 'epochs', opts.epochs ?? 10, { min: 1 });
  const batchSize = checkInteger(fn, 'batchSize', opts.batchSize ?? 32, { min: 1 });
  const validationBatchSize = checkInteger(fn, 'validationBatchSize', opts.validationBatchSize ?? 256, { min: 1 });

  const compiled = (model as { optimizer?: unknown }).optimizer;
  const userCompiled = isOptimizer(compiled) && !isDefaultCompiledOptimizer(compiled) ? compiled : undefined;
  const optimizerOption = opts.optimizer ?? userCompiled ?? 'adam';
  const optimizerInstance = isOptimizer(optimizerOption) ? optimizerOption : undefined;
  if (optimizerInstance === undefined) assertOptimizerName(fn, optimizerOption);
  const optimizerName = optimizerInstance ? optimizerInstance.getClassName() : (optimizerOption as OptimizerName);
  const defaultRate = optimizerInstance ? getOptimizerLearningRate(optimizerInstance) : DEFAULT_LEARNING_RATES[optimizerName as OptimizerName];
  const baseLearningRate = checkFiniteNumber(fn, 'learningRate', opts.learningRate ?? defaultRate, { greaterThan: 0 });

  const schedule = opts.schedule === undefined ? undefined : resolveSchedule(fn, opts.schedule);
  const earlyStopping =
    opts.earlyStopping === undefined || (opts.earlyStopping as unknown) === false ? undefined : resolveEarlyStopping(fn, opts.earlyStopping);
  const plateau =
    opts.reduceLrOnPlateau === undefined || (opts.reduceLrOnPlateau as unknown) === false
      ? undefined
      : resolveReduceLrOnPlateau(fn, opts.reduceLrOnPlateau);
  if (schedule && plateau) {
    throw new TypeError(`${fn}: schedule and reduceLrOnPlateau cannot be combined; pick one way to change the learning rate`);
  }
  const hasValidation = validation !== undefined || validationSplit !== undefined;
  for (const [what, monitor] of [
    ['earlyStopping', earlyStopping?.monitor],
    ['reduceLrOnPlateau', plateau?.monitor],
  ] as const) {
    if (monitor?.startsWith('val') && !hasValidation) {
      throw new TypeError(`${fn}: ${what} monitors '${monitor}' but no validationData or validationSplit was given`);
    }
  }
  const augment = opts.augment;
  if (augment !== undefined) {
    if (augment === null || typeof augment !== 'object') {
      throw new TypeError(`${fn}: expected augment to be augmentBatch options, got ${describeValue(augment)}`);
    }
    if ('seed' in augment) throw new TypeError(`${fn}: augment.seed is derived from the seed option; remove augment.seed`);
    try {
      drawAugmentation({ ...augment, seed: 0 }, { count: 1, rows: train.rows, cols: train.cols });
    } catch (error) {
      const Kind = error instanceof RangeError ? RangeError : TypeError;
      throw new Kind(`${fn}: augment: ${(error as Error).message}`, { cause: error });
    }
  }
  const recalibrationBatches = resolveRecalibration(fn, opts.recalibrateBatchNorm, model);
  const store = opts.checkpoint;
  if (store !== undefined && (typeof store?.load !== 'function' || typeof store?.save !== 'function')) {
    throw new TypeError(`${fn}: expected checkpoint to be a CheckpointStore { load, save }, got ${describeValue(store)}`);
  }
  const resume = checkBoolean(fn, 'resume', opts.resume ?? true);
  const seed = opts.seed === undefined ? undefined : checkFiniteNumber(fn, 'seed', opts.seed);
  const shuffle = checkBoolean(fn, 'shuffle', opts.shuffle ?? true);
  const onEpochEnd = opts.onEpochEnd === undefined ? undefined : checkFunction<NonNullable<TrainingSettings['onEpochEnd']>>(fn, 'onEpochEnd', opts.onEpochEnd);
  const onBatchEnd = opts.onBatchEnd === undefined ? undefined : checkFunction<NonNullable<TrainingSettings['onBatchEnd']>>(fn, 'onBatchEnd', opts.onBatchEnd);
  const { signal } = opts;
  if (signal !== undefined && (signal === null || typeof signal.throwIfAborted !== 'function')) {
    throw new TypeError(`${fn}: expected signal to be an AbortSignal, got ${describeValue(signal)}`);
  }
  const parallel = opts.parallel === undefined ? undefined : resolveParallel(fn, opts.parallel, { schedule, plateau, earlyStopping });
  return {
    train,
    validation,
    validationSplit,
    epochs,
    batchSize,
    validationBatchSize,
    optimizerInstance,
    optimizerName,
    baseLearningRate,
    schedule,
    earlyStopping,
    plateau,
    augment,
    recalibrationBatches,
    store,
    resume,
    seed,
    shuffle,
    log: resolveVerbose(fn, opts.verbose),
    parallel,
    onEpochEnd,
    onBatchEnd,
    signal,
  };
}

function resolveVerbose(fn: string, verbose: TrainClassifierOptions['verbose']): ((line: string) => void) | undefined {
  if (verbose === undefined || verbose === false || verbose === 0) return undefined;
  if (verbose === true || verbose === 1 || verbose === 2) return (line) => console.log(line);
  if (typeof verbose === 'function') return verbose;
  throw new TypeError(`${fn}: expected verbose to be a boolean, 0, 1, 2 or a function receiving lines, got ${describeValue(verbose)}`);
}

function resolveRecalibration(fn: string, option: TrainClassifierOptions['recalibrateBatchNorm'], model: tfl.LayersModel): number {
  const hasBatchNorm = batchNormLayers(model).length > 0;
  if (option === undefined || option === true) return hasBatchNorm ? 50 : 0;
  if (option === false) return 0;
  const opts = checkOptions(fn, option, ['batches'], 'options.recalibrateBatchNorm');
  const batches = checkInteger(fn, 'recalibrateBatchNorm.batches', opts.batches ?? 50, { min: 1 });
  return hasBatchNorm ? batches : 0;
}

function isOptimizer(value: unknown): value is tf.Optimizer {
  return typeof value === 'object' && value !== null && value instanceof tf.Optimizer;
}
