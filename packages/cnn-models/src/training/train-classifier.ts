import { batches, type DigitDataset } from '@digitkit/mnist-data';
import { augmentBatch, drawAugmentation, type AugmentOptions } from '@digitkit/preprocess-augment';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe } from '../models/model-options';
import { categoricalCrossentropy } from './categorical-crossentropy';
import type { CheckpointStore, TrainingCheckpoint } from './checkpoint-store';
import {
  DEFAULT_LEARNING_RATES,
  assertOptimizerName,
  createOptimizer,
  getOptimizerLearningRate,
  setOptimizerLearningRate,
  type OptimizerName,
} from './create-optimizer';
import { deriveSeed } from './derive-seed';
import {
  initialEarlyStoppingState,
  resolveEarlyStopping,
  updateEarlyStopping,
  type EarlyStoppingOptions,
  type EarlyStoppingState,
} from './early-stopping';
import { learningRateAt, resolveSchedule, type LearningRateSchedule, type LearningRateScheduleName } from './learning-rate-schedule';
import { assertModelMatchesData } from './assert-model';
import { assignModelWeights, cloneModelWeights, deserializeTensors, serializeModelWeights, serializeTensors } from './model-weights';
import {
  initialReduceLrOnPlateauState,
  resolveReduceLrOnPlateau,
  updateReduceLrOnPlateau,
  type ReduceLrOnPlateauOptions,
  type ReduceLrOnPlateauState,
} from './reduce-lr-on-plateau';
import type { EpochLog, TrainingHistory } from './training-history';
import { assertDigitDataset } from './validate-dataset';

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
  /** Accuracy of this batch, in [0, 1]. */
  accuracy: number;
  /** Learning rate used for this step. */
  learningRate: number;
  /** 0-based global step of this batch across epochs. */
  step: number;
}

/** Options of {@link trainClassifier}. */
export interface TrainClassifierOptions {
  /** Held-out data evaluated after every epoch (loss and accuracy); the only data model selection looks at. */
  validationData?: DigitDataset;
  /** Total number of epochs (including epochs done before a resume). Default `10`. */
  epochs?: number;
  /** Examples per training step. Default `32`. */
  batchSize?: number;
  /** Batch size of validation passes (no gradients). Default `256`. */
  validationBatchSize?: number;
  /**
   * Optimizer name or a `tf.Optimizer` instance. Default `'adam'` (β1 0.9, β2 0.999, ε 1e-7). An instance is not
   * disposed by `trainClassifier`; a named one is.
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
   * Where to write a checkpoint after every epoch (and read one to resume from). Use `createMemoryCheckpointStore()`
   * or, in Node, `createFileCheckpointStore(dir)` / the `checkpointDir` option of the `./node` `trainClassifier`.
   */
  checkpoint?: CheckpointStore;
  /** Continue from the store's checkpoint when it has one. Default `true`; `false` starts over (and overwrites it). */
  resume?: boolean;
  /** Seed of the shuffles and augmentations (per epoch and batch streams derived from it). Default: random. */
  seed?: number;
  /** Shuffle the training data every epoch. Default `true`. */
  shuffle?: boolean;
  /** Called after every epoch (after validation, callbacks and checkpoint); awaited. */
  onEpochEnd?: (log: EpochLog, history: TrainingHistory) => void | Promise<void>;
  /** Called after every training step; awaited. */
  onBatchEnd?: (log: BatchLog) => void | Promise<void>;
  /**
   * Aborts training between two steps; `trainClassifier` then rejects with `signal.reason` after releasing its
   * tensors. The checkpoint of the last finished epoch stays usable for a resume.
   */
  signal?: AbortSignal;
}

const FN = 'trainClassifier';

/**
 * Trains a classifier with a custom loop over `batches()` from `@digitkit/mnist-data` (one batch of tensors in
 * memory at a time), optional `augmentBatch`, and Keras-style early stopping with best-weight restore,
 * LR-on-plateau, learning-rate schedules and per-epoch checkpoints with exact resume.
 *
 * Loss: categorical cross-entropy on the model's softmax output. Images are scaled to [0, 1]. Every option is
 * checked (and a checkpoint to resume from is read and checked) before the first step.
 *
 * @param model - A `tf.LayersModel` mapping `[N, rows, cols, 1]` float32 to `[N, numClasses]` probabilities.
 * @param trainData - Training examples.
 * @param options - See {@link TrainClassifierOptions}.
 * @returns Per-epoch history; the model's weights are trained in place (restored to the best epoch when asked).
 * @throws TypeError/RangeError for bad arguments; `signal.reason` when aborted.
 */
export async function trainClassifier(
  model: tfl.LayersModel,
  trainData: DigitDataset,
  options: TrainClassifierOptions = {},
): Promise<TrainingHistory> {
  // ---- validation: everything before any work ----
  if (options == null || typeof options !== 'object') {
    throw new TypeError(`${FN}: expected an options object, got ${describe(options)}`);
  }
  if ('checkpointDir' in options) {
    throw new TypeError(
      `${FN}: checkpointDir needs the file system; import trainClassifier from '@digitkit/cnn-models/node', or pass a checkpoint store`,
    );
  }
  assertDigitDataset(FN, 'trainData', trainData);
  const { validationData } = options;
  if (validationData !== undefined) {
    assertDigitDataset(FN, 'validationData', validationData);
    if (
      validationData.rows !== trainData.rows ||
      validationData.cols !== trainData.cols ||
      validationData.numClasses !== trainData.numClasses
    ) {
      throw new RangeError(
        `${FN}: expected validationData with ${trainData.rows}x${trainData.cols} images and ${trainData.numClasses} classes like trainData, got ${validationData.rows}x${validationData.cols} and ${validationData.numClasses}`,
      );
    }
  }
  assertModelMatchesData(FN, model, trainData);
  const epochs = options.epochs ?? 10;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`${FN}: expected epochs to be an integer >= 1, got ${describe(epochs)}`);
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`${FN}: expected batchSize to be an integer >= 1, got ${describe(batchSize)}`);
  }
  const validationBatchSize = options.validationBatchSize ?? 256;
  if (!Number.isInteger(validationBatchSize) || validationBatchSize < 1) {
    throw new RangeError(`${FN}: expected validationBatchSize to be an integer >= 1, got ${describe(validationBatchSize)}`);
  }
  const optimizerOption = options.optimizer ?? 'adam';
  const optimizerInstance = typeof optimizerOption === 'object' && optimizerOption instanceof tf.Optimizer ? optimizerOption : undefined;
  if (optimizerInstance === undefined) assertOptimizerName(FN, optimizerOption);
  const optimizerName = optimizerInstance ? optimizerInstance.getClassName() : (optimizerOption as OptimizerName);
  const baseLearningRate =
    options.learningRate ??
    (optimizerInstance ? getOptimizerLearningRate(optimizerInstance) : DEFAULT_LEARNING_RATES[optimizerOption as OptimizerName]);
  if (typeof baseLearningRate !== 'number' || !Number.isFinite(baseLearningRate) || baseLearningRate <= 0) {
    throw new RangeError(`${FN}: expected learningRate to be a finite number > 0, got ${describe(baseLearningRate)}`);
  }
  const schedule = options.schedule === undefined ? undefined : resolveSchedule(FN, options.schedule);
  const earlyStopping =
    options.earlyStopping === undefined || (options.earlyStopping as unknown) === false
      ? undefined
      : resolveEarlyStopping(FN, options.earlyStopping);
  const plateau =
    options.reduceLrOnPlateau === undefined || (options.reduceLrOnPlateau as unknown) === false
      ? undefined
      : resolveReduceLrOnPlateau(FN, options.reduceLrOnPlateau);
  if (schedule && plateau) {
    throw new TypeError(`${FN}: schedule and reduceLrOnPlateau cannot be combined; pick one way to change the learning rate`);
  }
  for (const [what, monitor] of [
    ['earlyStopping', earlyStopping?.monitor],
    ['reduceLrOnPlateau', plateau?.monitor],
  ] as const) {
    if (monitor?.startsWith('val') && validationData === undefined) {
      throw new TypeError(`${FN}: ${what} monitors '${monitor}' but no validationData was given`);
    }
  }
  if (options.augment !== undefined && (options.augment === null || typeof options.augment !== 'object')) {
    throw new TypeError(`${FN}: expected augment to be augmentBatch options, got ${describe(options.augment)}`);
  }
  if (options.augment && 'seed' in options.augment) {
    throw new TypeError(`${FN}: augment.seed is derived from the seed option; remove augment.seed`);
  }
  const store = options.checkpoint;
  if (store !== undefined && (typeof store?.load !== 'function' || typeof store?.save !== 'function')) {
    throw new TypeError(`${FN}: expected checkpoint to be a CheckpointStore { load, save }, got ${describe(store)}`);
  }
  const resume = options.resume ?? true;
  if (typeof resume !== 'boolean') throw new TypeError(`${FN}: expected resume to be a boolean, got ${describe(resume)}`);
  if (options.seed !== undefined && (typeof options.seed !== 'number' || !Number.isFinite(options.seed))) {
    throw new TypeError(`${FN}: expected seed to be a finite number, got ${describe(options.seed)}`);
  }
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== 'boolean') throw new TypeError(`${FN}: expected shuffle to be a boolean, got ${describe(shuffle)}`);
  for (const key of ['onEpochEnd', 'onBatchEnd'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      throw new TypeError(`${FN}: expected ${key} to be a function, got ${describe(options[key])}`);
    }
  }
  const { signal } = options;
  if (signal !== undefined && (signal === null || typeof signal.throwIfAborted !== 'function')) {
    throw new TypeError(`${FN}: expected signal to be an AbortSignal, got ${describe(signal)}`);
  }
  if (options.augment) {
    try {
      drawAugmentation({ ...options.augment, seed: 0 }, { count: 1, rows: trainData.rows, cols: trainData.cols });
    } catch (error) {
      const Kind = error instanceof RangeError ? RangeError : TypeError;
      throw new Kind(`${FN}: augment: ${(error as Error).message}`, { cause: error });
    }
  }
  signal?.throwIfAborted();

  // ---- state (possibly restored from a checkpoint) ----
  const settings = { batchSize, trainCount: trainData.count, optimizer: optimizerName };
  const stepsPerEpoch = Math.ceil(trainData.count / batchSize);
  const totalSteps = epochs * stepsPerEpoch;
  let seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  let learningRate = baseLearningRate;
  let step = 0;
  let epochsCompleted = 0;
  let history: TrainingHistory = { epochs: [], stoppedEarly: false };
  let esState: EarlyStoppingState | null = earlyStopping ? initialEarlyStoppingState() : null;
  let plateauState: ReduceLrOnPlateauState | null = plateau ? initialReduceLrOnPlateauState() : null;
  let bestWeights: tf.Tensor[] | null = null;
  let restoredOptimizerWeights: TrainingCheckpoint['optimizerWeights'] = null;

  const checkpoint = store && resume ? await store.load() : undefined;
  if (checkpoint) {
    assertCheckpointMatches(checkpoint, settings, model, options.seed);
    seed = checkpoint.seed;
    learningRate = checkpoint.learningRate;
    step = checkpoint.step;
    epochsCompleted = checkpoint.epochsCompleted;
    history = structuredClone(checkpoint.history);
    esState = earlyStopping ? (checkpoint.earlyStopping ?? initialEarlyStoppingState()) : null;
    plateauState = plateau ? (checkpoint.reduceLrOnPlateau ?? initialReduceLrOnPlateauState()) : null;
    restoredOptimizerWeights = checkpoint.optimizerWeights;
    const weights = deserializeTensors(checkpoint.modelWeights).map((n) => n.tensor);
    try {
      assignModelWeights(model, weights, FN);
    } finally {
      tf.dispose(weights);
    }
    if (earlyStopping?.restoreBestWeights && checkpoint.bestWeights) {
      bestWeights = deserializeTensors(checkpoint.bestWeights).map((n) => tf.keep(n.tensor));
    }
    if (history.stoppedEarly || epochsCompleted >= epochs) {
      tf.dispose(bestWeights ?? []);
      return history;
    }
  }

  const optimizer = optimizerInstance ?? createOptimizer(optimizerName as OptimizerName, learningRate);
  const trainableVariables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const numClasses = trainData.numClasses;

  try {
    if (restoredOptimizerWeights) {
      const named = deserializeTensors(restoredOptimizerWeights);
      try {
        await optimizer.setWeights(named);
      } finally {
        tf.dispose(named.map((n) => n.tensor));
      }
    }
    let lastYield = now();
    for (let epoch = epochsCompleted + 1; epoch <= epochs; epoch++) {
      const epochStart = now();
      let trainSeconds = 0;
      let lossSum = 0;
      let correctSum = 0;
      let seen = 0;
      let stepLearningRate = learningRate;
      let batchIndex = 0;
      const iterator = batches(trainData, {
        batchSize,
        shuffle,
        seed: deriveSeed(seed, 1, epoch),
        normalize: true,
        oneHot: true,
      })[Symbol.iterator]();
      for (;;) {
        signal?.throwIfAborted();
        const stepStart = now();
        const next = iterator.next();
        if (next.done) break;
        const batch = next.value;
        let xs: tf.Tensor4D = batch.xs;
        const ys = batch.ys as tf.Tensor2D;
        let loss: tf.Scalar | undefined;
        let correct: tf.Scalar | undefined;
        try {
          if (options.augment) {
            const augmented = augmentBatch(xs, { ...options.augment, seed: deriveSeed(seed, 2, epoch, batchIndex) });
            xs.dispose();
            xs = augmented;
          }
          stepLearningRate = schedule
            ? learningRateAt(schedule, { learningRate, step, stepsPerEpoch, totalSteps })
            : learningRate;
          setOptimizerLearningRate(optimizer, stepLearningRate);
          const input = xs;
          loss =
            optimizer.minimize(
              () => {
                const predictions = model.apply(input, { training: true }) as tf.Tensor2D;
                correct = tf.keep(
                  tf.sum(tf.cast(tf.equal(tf.argMax(predictions, -1), tf.argMax(ys, -1)), 'float32')) as tf.Scalar,
                );
                return tf.mean(categoricalCrossentropy(ys, predictions)) as tf.Scalar;
              },
              true,
              trainableVariables,
            ) ?? undefined;
          const batchLoss = (await loss!.data())[0];
          const batchCorrect = (await correct!.data())[0];
          trainSeconds += now() - stepStart;
          lossSum += batchLoss * batch.size;
          correctSum += batchCorrect;
          seen += batch.size;
          if (options.onBatchEnd) {
            await options.onBatchEnd({
              epoch,
              batch: batchIndex,
              batches: stepsPerEpoch,
              size: batch.size,
              loss: batchLoss,
              accuracy: batchCorrect / batch.size,
              learningRate: stepLearningRate,
              step,
            });
          }
        } finally {
          tf.dispose([xs, ys]);
          if (loss) loss.dispose();
          if (correct) (correct as tf.Scalar).dispose();
        }
        step += 1;
        batchIndex += 1;
        if (now() - lastYield > 100) {
          await yieldToEventLoop();
          lastYield = now();
        }
      }
      const log: EpochLog = {
        epoch,
        loss: lossSum / seen,
        accuracy: correctSum / seen,
        learningRate: stepLearningRate,
        seconds: 0,
        imagesPerSecond: seen / Math.max(trainSeconds, 1e-9),
      };
      if (validationData) {
        signal?.throwIfAborted();
        const validation = await evaluateLossAccuracy(model, validationData, validationBatchSize, numClasses);
        log.valLoss = validation.loss;
        log.valAccuracy = validation.accuracy;
      }
      log.seconds = now() - epochStart;
      history.epochs.push(log);

      let stop = false;
      if (earlyStopping && esState) {
        const update = updateEarlyStopping(esState, epoch, log[earlyStopping.monitor] as number, earlyStopping);
        esState = update.state;
        stop = update.stop;
        if (update.improved && earlyStopping.restoreBestWeights) {
          tf.dispose(bestWeights ?? []);
          bestWeights = cloneModelWeights(model);
        }
      }
      if (plateau && plateauState) {
        const update = updateReduceLrOnPlateau(plateauState, log[plateau.monitor] as number, learningRate, plateau);
        plateauState = update.state;
        learningRate = update.learningRate;
      }
      epochsCompleted = epoch;
      const finished = stop || epoch === epochs;
      history.stoppedEarly = stop && epoch < epochs;
      if (finished) {
        if (earlyStopping?.restoreBestWeights && bestWeights) assignModelWeights(model, bestWeights, FN);
        history.bestEpoch = pickBestEpoch(history, earlyStopping ? (esState?.bestEpoch ?? undefined) : undefined);
      }
      if (store) {
        const optimizerWeights = await readOptimizerWeights(optimizer);
        await store.save({
          format: 'digitkit-training-checkpoint',
          version: 1,
          epochsCompleted,
          finished,
          seed,
          settings,
          step,
          learningRate,
          earlyStopping: esState,
          reduceLrOnPlateau: plateauState,
          history,
          modelWeights: await serializeModelWeights(model),
          optimizerWeights,
          bestWeights: bestWeights
            ? await serializeTensors(bestWeights.map((tensor, i) => ({ name: model.weights[i].originalName, tensor })))
            : null,
        });
      }
      if (options.onEpochEnd) await options.onEpochEnd(log, history);
      if (finished) break;
    }
    return history;
  } finally {
    tf.dispose(bestWeights ?? []);
    if (!optimizerInstance) optimizer.dispose();
  }
}

/** Mean loss and accuracy of the model on a data set, in inference mode. */
async function evaluateLossAccuracy(
  model: tfl.LayersModel,
  data: DigitDataset,
  batchSize: number,
  numClasses: number,
): Promise<{ loss: number; accuracy: number }> {
  let lossSum = 0;
  let correct = 0;
  for (const batch of batches(data, { batchSize, shuffle: false, normalize: true, oneHot: true })) {
    const sums = tf.tidy(() => {
      const predictions = model.apply(batch.xs, { training: false }) as tf.Tensor2D;
      const ys = batch.ys as tf.Tensor2D;
      if (predictions.shape[1] !== numClasses) {
        throw new RangeError(`${FN}: expected the model to output ${numClasses} classes, got ${predictions.shape[1]}`);
      }
      return tf.stack([
        tf.sum(categoricalCrossentropy(ys, predictions)),
        tf.sum(tf.cast(tf.equal(tf.argMax(predictions, -1), tf.argMax(ys, -1)), 'float32')),
      ]);
    });
    const [l, c] = await sums.data();
    tf.dispose([sums, batch.xs, batch.ys]);
    lossSum += l;
    correct += c;
  }
  return { loss: lossSum / data.count, accuracy: correct / data.count };
}

/** Serialized optimizer slots, or null when the optimizer cannot export them. */
async function readOptimizerWeights(optimizer: tf.Optimizer): Promise<TrainingCheckpoint['optimizerWeights']> {
  let named: Array<{ name: string; tensor: tf.Tensor }>;
  try {
    named = await optimizer.getWeights();
  } catch {
    return null;
  }
  try {
    return await serializeTensors(named.map((n) => ({ name: n.name, tensor: n.tensor })));
  } finally {
    // The first entry (iteration count) is a fresh scalar; the others are the optimizer's live variables.
    if (named.length > 0) named[0].tensor.dispose();
  }
}

/** Best epoch: early stopping's pick, else the lowest validation loss, else undefined. */
function pickBestEpoch(history: TrainingHistory, earlyStoppingBest: number | undefined): number | undefined {
  if (earlyStoppingBest !== undefined) return earlyStoppingBest;
  let best: number | undefined;
  let bestLoss = Infinity;
  for (const e of history.epochs) {
    if (e.valLoss !== undefined && e.valLoss < bestLoss) {
      bestLoss = e.valLoss;
      best = e.epoch;
    }
  }
  return best;
}

/** Refuses a checkpoint written by a different run setup. */
function assertCheckpointMatches(
  checkpoint: TrainingCheckpoint,
  settings: TrainingCheckpoint['settings'],
  model: tfl.LayersModel,
  seed: number | undefined,
): void {
  if (checkpoint?.format !== 'digitkit-training-checkpoint' || checkpoint.version !== 1) {
    throw new TypeError(`${FN}: expected a digitkit training checkpoint (version 1), got ${describe(checkpoint?.format)}`);
  }
  const hint = '; pass resume: false to start over';
  for (const key of ['batchSize', 'trainCount', 'optimizer'] as const) {
    if (checkpoint.settings[key] !== settings[key]) {
      throw new RangeError(
        `${FN}: the checkpoint was written with ${key} ${JSON.stringify(checkpoint.settings[key])}, got ${JSON.stringify(settings[key])}${hint}`,
      );
    }
  }
  if (seed !== undefined && seed !== checkpoint.seed) {
    throw new RangeError(`${FN}: the checkpoint was written with seed ${checkpoint.seed}, got ${seed}${hint}`);
  }
  const weights = model.weights;
  if (checkpoint.modelWeights.length !== weights.length) {
    throw new RangeError(
      `${FN}: the checkpoint holds ${checkpoint.modelWeights.length} weight tensors, the model has ${weights.length}${hint}`,
    );
  }
  weights.forEach((w, i) => {
    if (!tf.util.arraysEqual(w.shape as number[], checkpoint.modelWeights[i].shape)) {
      throw new RangeError(
        `${FN}: checkpoint weight ${i} has shape [${checkpoint.modelWeights[i].shape.join(', ')}], the model's ${w.name} has [${w.shape.join(', ')}]${hint}`,
      );
    }
  });
}

function now(): number {
  return performance.now() / 1000;
}

/** Lets timers and signal handlers (e.g. Ctrl-C → abort) run between steps. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
