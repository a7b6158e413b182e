/**
 * Child process of the Ctrl-C test: trains with an abort controller wired to SIGINT, as a CLI does. Prints
 * `step <n>` after each step (so the parent knows when to interrupt) and, at the end, one JSON line with the
 * steps taken after the signal arrived and the error's name and message.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { trainClassifier } from '../training/train-classifier.js';
import { mnistSlice, smallModel } from './test-data.js';

await tf.setBackend('cpu');
const train = await mnistSlice(0, 2048);
const controller = new AbortController();
let signalled = false;
let stepsAfterSignal = 0;
process.on('SIGINT', () => {
  signalled = true;
  controller.abort(new Error('SIGINT'));
});
try {
  await trainClassifier(smallModel('cpu', 1), train, {
    epochs: 50,
    batchSize: 16,
    seed: 1,
    signal: controller.signal,
    onBatchEnd: ({ step }) => {
      if (signalled) stepsAfterSignal += 1;
      process.stdout.write(`step ${step}\n`);
    },
  });
  process.stdout.write(`${JSON.stringify({ finished: true })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ stepsAfterSignal, name: (error as Error).name, message: (error as Error).message })}\n`);
}
