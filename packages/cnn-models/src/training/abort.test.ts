import { AbortedError, type DigitDataset } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, expect, it } from 'vitest';
import { mnistSlice, smallModel } from '../__fixtures__/test-data.js';
import { createMemoryCheckpointStore, type CheckpointStore, type TrainingCheckpoint } from './checkpoint-store.js';
import { trainClassifier } from './train-classifier.js';

let train: DigitDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  train = await mnistSlice(0, 256);
});

it('an abort fired from outside (a timer, like a Ctrl-C handler) stops before the next step and says how far it got', async () => {
  const model = smallModel('cpu', 1);
  const controller = new AbortController();
  let stepsAfterAbort = 0;
  const before = tf.memory().numTensors;
  const error = await trainClassifier(model, train, {
    epochs: 3,
    batchSize: 8, // 32 steps per epoch
    seed: 1,
    signal: controller.signal,
    onBatchEnd: ({ epoch, batch }) => {
      if (controller.signal.aborted) stepsAfterAbort += 1;
      if (epoch === 2 && batch === 5) setTimeout(() => controller.abort(new Error('SIGINT')), 0);
    },
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AbortedError);
  expect(error).toMatchObject({ name: 'AbortError' });
  // The event loop turns after every step, so the timer fires during the step that follows it at the latest.
  expect(stepsAfterAbort).toBeLessThanOrEqual(1);
  expect((error as AbortedError).message).toMatch(/^trainClassifier: stopped after 1 epoch and [67] batches \(no checkpoint store\)$/);
  expect((error as AbortedError).cause).toEqual(new Error('SIGINT'));
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
});

it('an abort during a checkpoint write lets the write finish, then stops with the epoch kept', async () => {
  const inner = createMemoryCheckpointStore();
  const controller = new AbortController();
  let writes = 0;
  const slowStore: CheckpointStore = {
    load: () => inner.load(),
    async save(checkpoint: TrainingCheckpoint) {
      controller.abort(); // the signal fires while the write is under way
      await new Promise((resolve) => setTimeout(resolve, 20));
      await inner.save(checkpoint);
      writes += 1;
    },
  };
  const model = smallModel('cpu', 2);
  const error = await trainClassifier(model, train, { epochs: 3, batchSize: 64, seed: 2, checkpoint: slowStore, signal: controller.signal }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AbortedError);
  expect((error as AbortedError).completed).toBe('1 epoch and 0 batches (the checkpoint of epoch 1 is kept)');
  expect(writes).toBe(1);
  expect((await inner.load())?.epochsCompleted).toBe(1);
  model.dispose();
});
