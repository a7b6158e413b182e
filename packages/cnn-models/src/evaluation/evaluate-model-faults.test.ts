import '@tensorflow/tfjs-backend-cpu';
import { AbortedError, type DigitDataset } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { mnistSlice, smallModel } from '../__fixtures__/test-data.js';
import { evaluateModel } from './evaluate-model.js';

let test: DigitDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  test = await mnistSlice(0, 200, 'test');
});

it('evaluateModel stops between batches when its signal fires: AbortError with the cause, how far it got, no tensor left', async () => {
  const model = smallModel('cpu', 1);
  const before = tf.memory().numTensors;
  const controller = new AbortController();
  const reason = new Error('user pressed Ctrl-C');
  let batches = 0;
  // abort from the event loop after the first batch, as a signal handler would
  const original = model.apply.bind(model);
  model.apply = ((...args: Parameters<typeof model.apply>) => {
    if (++batches === 1) setImmediate(() => controller.abort(reason));
    return original(...args);
  }) as typeof model.apply;
  const error = await evaluateModel(model, test, { batchSize: 20, signal: controller.signal }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AbortedError);
  expect((error as AbortedError).name).toBe('AbortError');
  expect((error as AbortedError).cause).toBe(reason);
  expect((error as AbortedError).message).toBe('evaluateModel: stopped after 20 of 200 images');
  expect(batches).toBe(1);
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
});

it('evaluateModel with an already aborted signal does no work; a live signal changes nothing; a non-signal is refused', async () => {
  const model = smallModel('cpu', 1);
  const before = tf.memory().numTensors;
  await expect(evaluateModel(model, test, { signal: AbortSignal.abort() })).rejects.toThrow('evaluateModel: stopped after 0 of 200 images');
  const plain = await evaluateModel(model, test);
  const signalled = await evaluateModel(model, test, { signal: new AbortController().signal });
  expect(signalled.accuracy).toBe(plain.accuracy);
  expect(Array.from(signalled.predictions.probabilities)).toEqual(Array.from(plain.predictions.probabilities));
  await expect(evaluateModel(model, test, { signal: 'stop' as never })).rejects.toThrow(/evaluateModel: expected signal to be an AbortSignal, got/);
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
});

it('evaluateModel names a model that outputs NaN (diverged weights) in its own terms, with no tensor left', async () => {
  const model = smallModel('cpu', 1);
  model.weights[3].write(tf.fill(model.weights[3].shape as number[], Number.NaN));
  const before = tf.memory().numTensors;
  await expect(evaluateModel(model, test)).rejects.toThrow(
    'evaluateModel: expected the model to output finite probabilities, got NaN for example 0 (class 0); its weights are probably NaN or Infinity (a diverged training run)',
  );
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
});
