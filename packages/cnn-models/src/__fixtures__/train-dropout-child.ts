/**
 * Child process of the dropout reproducibility test (fresh module state, so nothing is shared with the parent):
 * trains the paper CNN (dropout 0.25) for a few steps on cpu with the run seed argv[2] and prints its weights' bytes
 * as hex on stdout. argv: <runSeed>
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { createModel } from '../models/registry.js';
import { trainClassifier } from '../training/train-classifier.js';
import { mnistSlice, weightValues } from './test-data.js';

await tf.setBackend('cpu');
const train = await mnistSlice(0, 16);
const model = createModel('paper-cnn', { seed: 5 });
await trainClassifier(model, train, { epochs: 1, batchSize: 8, seed: Number(process.argv[2]), shuffle: false });
const bytes = (await weightValues(model)).map((w) => Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString('hex'));
process.stdout.write(bytes.join(','));
