import { AbortedError, deriveSeed } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { applyEpochCallbacks, pickBestEpoch } from './apply-epoch-callbacks.js';
import type { TrainingCheckpoint } from './checkpoint-store.js';
import { evaluateLossAccuracy } from './evaluate-loss-accuracy.js';
import type { ExampleInput, ExampleSource } from './example-source.js';
import { formatEpochLine } from './format-epoch-line.js';
import { createLocalStepRunner } from './local-step-runner.js';
import { assignModelWeights } from './model-weights.js';
import { createParallelStepRunner } from './parallel-step-runner.js';
import { recalibrateOnSource } from './recalibrate-batch-norm.js';
import { resolveTrainingSettings, type TrainingSettings } from './resolve-training-settings.js';
import { checkpointSettings, freshTrainingState, restoreCheckpoint } from './restore-checkpoint.js';
import { runEpoch } from './run-epoch.js';
import { saveCheckpoint } from './save-checkpoint.js';
import { splitValidation } from './split-validation.js';
import type { StepRunner } from './step-runner.js';
import type { TrainClassifierOptions } from './train-classifier-options.js';
import type { EpochLog, TrainingHistory } from './training-history.js';
import type { TrainingState } from './training-state.js';
import { createYielder } from './yield-to-event-loop.js';

export type { BatchLog, TrainClassifierOptions } from './train-classifier-options.js';

const FN = 'trainClassifier';
/** Salt of the dropout mask stream: layer i at step s draws from `deriveSeed(deriveSeed(seed, 6), i)`, step s. */
const DROPOUT_SALT = 6;

/**
 * Trains a classifier with a custom loop (one batch of tensors in memory at a time): optional `augmentBatch`,
 * Keras-style early stopping with best-weight restore, LR-on-plateau, learning-rate schedules, BatchNorm
 * recalibration, per-epoch checkpoints with bit-exact resume, abort within one step, and data-parallel steps
 * over worker threads as an option.
 *
 * Loss: categorical cross-entropy on the model's softmax output. Images of a `DigitDataset` are scaled to [0, 1].
 * Every option is checked — and a checkpoint to resume from is read (once) and checked — before the first step.
 *
 * @param model - A `tf.LayersModel` mapping `[N, rows, cols, 1]` float32 to `[N, numClasses]` probabilities.
 * @param trainData - Training examples: a `DigitDataset`, or `{ xs, ys }` tensors (`xs` `[N, 28, 28, 1]` or
 *   `[N, 784]` float32, `ys` one-hot `[N, K]` or `[N]` class indices).
 * @param options - See {@link TrainClassifierOptions}.
 * @returns Per-epoch history; the model's weights are trained in place (restored to the best epoch when asked).
 * @throws TypeError/RangeError for bad arguments; `MismatchError` for a checkpoint of another run; `AbortedError`
 *   (name `'AbortError'`) when `signal` fires.
 */
export async function trainClassifier(
  model: tfl.LayersModel,
  trainData: ExampleInput,
  options: TrainClassifierOptions = {},
): Promise<TrainingHistory> {
  const settings = resolveTrainingSettings(FN, model, trainData, options);
  if (settings.signal?.aborted) throw aborted(settings.signal, 0, 0, settings.store !== undefined);
  const { store } = settings;
  const checkpoint = store && settings.resume ? await store.load() : undefined;
  const seed = checkpoint?.seed ?? settings.seed ?? Math.floor(Math.random() * 2 ** 32);
  const { train, validation } = splitData(settings, seed);
  const state = checkpoint
    ? restoreCheckpoint(FN, checkpoint, model, settings, train.count, store!)
    : { ...freshTrainingState(settings), seed };
  try {
    if (state.history.stoppedEarly || state.epochsCompleted >= settings.epochs) return state.history;
    const runner = await createRunner(model, settings, state);
    try {
      await runEpochs(model, settings, state, runner, train, validation, checkpointSettings(settings, train.count));
    } finally {
      await runner.dispose();
    }
    return state.history;
  } finally {
    tf.dispose(state.bestWeights ?? []);
  }
}

function splitData(settings: TrainingSettings, seed: number): { train: ExampleSource; validation: ExampleSource | undefined } {
  if (settings.validationSplit === undefined) return { train: settings.train, validation: settings.validation };
  return splitValidation(settings.train, settings.validationSplit, seed);
}

function createRunner(model: tfl.LayersModel, settings: TrainingSettings, state: TrainingState): Promise<StepRunner> {
  const optimizer = settings.optimizerInstance ?? (settings.optimizerName as Parameters<typeof createLocalStepRunner>[1]);
  if (settings.parallel) return createParallelStepRunner(FN, model, optimizer, state.learningRate, settings.parallel);
  return createLocalStepRunner(model, optimizer, state.learningRate, state.optimizerState, deriveSeed(state.seed, DROPOUT_SALT));
}

async function runEpochs(
  model: tfl.LayersModel,
  settings: TrainingSettings,
  state: TrainingState,
  runner: StepRunner,
  train: ExampleSource,
  validation: ExampleSource | undefined,
  savedSettings: TrainingCheckpoint['settings'],
): Promise<void> {
  const { signal, epochs } = settings;
  const yieldToEventLoop = createYielder();
  for (let epoch = state.epochsCompleted + 1; epoch <= epochs; epoch++) {
    const epochStart = performance.now();
    const steps = await runEpoch(epoch, train, settings, state, runner, yieldToEventLoop);
    if (steps.aborted) throw aborted(signal!, state.epochsCompleted, steps.batchesDone, settings.store !== undefined);
    await runner.sync();
    if (settings.recalibrationBatches > 0) {
      const recalibration = { batches: settings.recalibrationBatches, batchSize: settings.batchSize, seed: deriveSeed(state.seed, 4, epoch) };
      await recalibrateOnSource(model, train, recalibration);
    }
    const log: EpochLog = {
      epoch,
      loss: steps.loss,
      accuracy: steps.accuracy,
      learningRate: steps.learningRate,
      seconds: 0,
      imagesPerSecond: steps.seen / Math.max(steps.trainSeconds, 1e-9),
    };
    if (validation) {
      const result = await evaluateLossAccuracy(model, validation, settings.validationBatchSize, signal);
      if (result === undefined) throw aborted(signal!, state.epochsCompleted, steps.batchesDone, settings.store !== undefined);
      log.valLoss = result.loss;
      log.valAccuracy = result.accuracy;
    }
    log.seconds = (performance.now() - epochStart) / 1000;
    state.history.epochs.push(log);
    const stop = applyEpochCallbacks(model, settings, state, log);
    state.epochsCompleted = epoch;
    const finished = stop || epoch === epochs;
    state.history.stoppedEarly = stop && epoch < epochs;
    if (finished) {
      if (settings.earlyStopping?.restoreBestWeights && state.bestWeights) assignModelWeights(model, state.bestWeights, FN);
      state.history.bestEpoch = pickBestEpoch(state, settings);
    }
    // A save in progress always completes: the abort is looked at before the next step.
    if (settings.store) await saveCheckpoint(settings.store, model, state, await runner.readOptimizerState(), savedSettings, finished);
    settings.log?.(formatEpochLine(log, epochs, steps.batchesDone));
    if (settings.onEpochEnd) await settings.onEpochEnd(log, state.history);
    if (finished) break;
  }
}

/** The `AbortedError` of a run stopped after `epochs` finished epochs and `batches` batches of the next one. */
function aborted(signal: AbortSignal, epochs: number, batches: number, hasStore: boolean): AbortedError {
  const saved = !hasStore ? 'no checkpoint store' : epochs === 0 ? 'nothing to resume from' : `the checkpoint of epoch ${epochs} is kept`;
  return new AbortedError({
    functionName: FN,
    completed: `${epochs} epoch${epochs === 1 ? '' : 's'} and ${batches} batch${batches === 1 ? '' : 'es'} (${saved})`,
    cause: signal.reason,
  });
}
