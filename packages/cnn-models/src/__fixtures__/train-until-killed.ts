/**
 * Child process of the kill-and-resume test: trains with a checkpoint folder and SIGKILLs itself right after the
 * checkpoint of epoch 1 is written (no cleanup, no finally blocks run — like a crash or `kill -9`).
 * argv: <checkpointDir>
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { trainClassifier } from '../node/train-classifier.js';
import { mnistSlice, smallModel } from './test-data.js';
import { KILL_TEST_OPTIONS } from './kill-test-options.js';

await tf.setBackend('cpu');
const train = await mnistSlice(0, 256);
const validation = await mnistSlice(256, 128);
await trainClassifier(smallModel('cpu', 3, { dropout: 0.3 }), train, {
  ...KILL_TEST_OPTIONS,
  validationData: validation,
  checkpointDir: process.argv[2],
  onEpochEnd: (log) => {
    if (log.epoch === 1) process.kill(process.pid, 'SIGKILL');
  },
});
