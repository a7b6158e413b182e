/**
 * Kernel calls per training step (`tf.profile` of one `model.trainOnBatch`, batch 64, Adam) of both papers' CNNs
 * on the wasm backend with this package, with and without the fused Adam update — a count, independent of the
 * machine's load. Run: `npx tsx bench/kernel-count.ts`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { enableWasmTraining } from '../src/index.js';
import { setAdamUpdateOverride } from '../src/optimizers/adam-update.js';
import { createBenchModel, MODEL_LABELS, type BenchModelName } from './models.js';

await tf.setBackend('wasm');
enableWasmTraining();
const xs = tf.randomUniform([64, 28, 28, 1]);
const ys = tf.oneHot(tf.tensor1d(Int32Array.from({ length: 64 }, (_, i) => i % 10), 'int32'), 10);
for (const name of ['paper-cnn', 'bn-cnn'] as BenchModelName[]) {
  const counts: string[] = [];
  for (const fused of [false, true]) {
    setAdamUpdateOverride(fused);
    const model = createBenchModel(name);
    await model.trainOnBatch(xs, ys); // creates the optimizer's slots
    const profile = await tf.profile(async () => {
      await model.trainOnBatch(xs, ys);
    });
    counts.push(`${fused ? 'fused Adam' : "tfjs-core's Adam"} ${profile.kernels.length} kernels`);
    model.dispose();
  }
  console.log(`${MODEL_LABELS[name]}: ${counts.join(', ')} per training step`);
}
