import { deriveSeed } from '@digitkit/core';
import { augmentBatch } from '@digitkit/preprocess-augment';
import * as tf from '@tensorflow/tfjs-core';
import { batchOrder, type ExampleSource } from './example-source.js';
import { learningRateAt } from './learning-rate-schedule.js';
import type { TrainingSettings } from './resolve-training-settings.js';
import type { StepRunner } from './step-runner.js';
import type { TrainingState } from './training-state.js';

/** What one epoch's step loop measured. */
export interface EpochSteps {
  /** Mean batch loss weighted by batch size. */
  loss: number;
  /** Correct predictions / examples (NaN when the runner cannot count). */
  accuracy: number;
  /** Learning rate of the last step. */
  learningRate: number;
  /** Seconds spent in training steps. */
  trainSeconds: number;
  /** Examples seen. */
  seen: number;
  /** Batches finished (all of them unless aborted). */
  batchesDone: number;
  /** The signal fired: the epoch stopped after `batchesDone` batches. */
  aborted: boolean;
}

/**
 * The step loop of one epoch: batches of `train` in the epoch's seeded order (`deriveSeed(seed, 1, epoch)`),
 * optional augmentation (`deriveSeed(seed, 2, epoch, batch)`), the scheduled learning rate, one step of `runner`
 * each, `onBatchEnd`, and a yield to the event loop after every step so an abort signal (Ctrl-C) is seen before
 * the next step. Advances `state.step`.
 */
export async function runEpoch(
  epoch: number,
  train: ExampleSource,
  settings: TrainingSettings,
  state: TrainingState,
  runner: StepRunner,
  yieldToEventLoop: () => Promise<void>,
): Promise<EpochSteps> {
  const { batchSize, schedule, augment, signal, onBatchEnd } = settings;
  const order = batchOrder(train.count, batchSize, settings.shuffle ? deriveSeed(state.seed, 1, epoch) : undefined);
  const stepsPerEpoch = order.length;
  const totalSteps = settings.epochs * stepsPerEpoch;
  let lossSum = 0;
  let correctSum = 0;
  let seen = 0;
  let trainSeconds = 0;
  let learningRate = state.learningRate;
  for (let batchIndex = 0; batchIndex < order.length; batchIndex++) {
    if (signal?.aborted) {
      return { loss: lossSum / seen, accuracy: correctSum / seen, learningRate, trainSeconds, seen, batchesDone: batchIndex, aborted: true };
    }
    const start = performance.now();
    let { xs, ys } = train.batch(order[batchIndex]);
    const size = order[batchIndex].length;
    try {
      if (augment) {
        const augmented = augmentBatch(xs, { ...augment, seed: deriveSeed(state.seed, 2, epoch, batchIndex) });
        xs.dispose();
        xs = augmented;
      }
      learningRate = schedule
        ? learningRateAt(schedule, { learningRate: state.learningRate, step: state.step, stepsPerEpoch, totalSteps })
        : state.learningRate;
      const { loss, correct } = await runner.step(xs, ys, learningRate, state.step);
      trainSeconds += (performance.now() - start) / 1000;
      lossSum += loss * size;
      correctSum += correct;
      seen += size;
      if (onBatchEnd) {
        await onBatchEnd({
          epoch,
          batch: batchIndex,
          batches: stepsPerEpoch,
          size,
          loss,
          accuracy: correct / size,
          learningRate,
          step: state.step,
        });
      }
    } finally {
      tf.dispose([xs, ys]);
    }
    state.step += 1;
    await yieldToEventLoop();
  }
  return { loss: lossSum / seen, accuracy: correctSum / seen, learningRate, trainSeconds, seen, batchesDone: order.length, aborted: false };
}
