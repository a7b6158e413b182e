import { AbortedError, type DigitDataset } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

it('Ctrl-C (SIGINT wired to the signal, as in a CLI) stops a training process within one step (issue 12)', async () => {
  const script = fileURLToPath(new URL('../__fixtures__/train-until-interrupted.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  let output = '';
  let interrupted = false;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    // Interrupt once training is under way (epoch 1, 128 steps per epoch): like Ctrl-C mid-epoch.
    if (!interrupted && /step 20\n/.test(output)) {
      interrupted = true;
      child.kill('SIGINT');
    }
  });
  // A child that ignores the interrupt must not outlive the test.
  const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(guard);
  expect(code).toBe(0);
  const result = JSON.parse(output.trim().split('\n').pop()!) as { stepsAfterSignal: number; name: string; message: string };
  expect(result.name).toBe('AbortError');
  expect(result.message).toMatch(/^trainClassifier: stopped after 0 epochs and \d+ batches \(no checkpoint store\)$/);
  expect(result.stepsAfterSignal).toBeLessThanOrEqual(1);
}, 120_000);
