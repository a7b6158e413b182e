/**
 * Issue 17: short runs of the BatchNorm CNN evaluate worse than they train. Measures, for the second paper's BN
 * CNN trained ~300 steps (10,000 images, batch 64, 2 epochs, Adam 1e-3) on wasm, the full 10,000-image test
 * accuracy and the mean accuracy of the last 20 training batches, for:
 *   a) the moving averages of training only (BatchNorm momentum 0.99, recalibrateBatchNorm: false);
 *   b) a momentum schedule substitute: BatchNorm momentum 0.9 (recalibrateBatchNorm: false);
 *   c) recalibrateBatchNorm (default: 50 training batches after every epoch), momentum 0.99.
 * Prints figures; not a test. Run: npx tsx bench/batch-norm-recalibration.bench.ts (seeds 1 and 2).
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { subsetDataset } from '@digitkit/mnist-data';
import { loadMnist } from '@digitkit/mnist-data/node';
import { enableWasmTraining } from '@digitkit/wasm-training';
import { createModel, evaluateModel, trainClassifier } from '../src/index.js';

await tf.setBackend('wasm');
enableWasmTraining();
const { train, test } = await loadMnist({ limit: { train: 10_000, test: 10_000 } });
console.log(`BatchNorm recalibration — tfjs ${tf.version_core}, wasm, ${new Date().toISOString()}, ${train.count} training images`);
console.log('variant                          seed  steps  last-20-batch acc  test acc  seconds');
for (const seed of [1, 2]) {
  for (const [name, momentum, recalibrate] of [
    ['a) momentum 0.99, no recalibration', 0.99, false],
    ['b) momentum 0.9, no recalibration', 0.9, false],
    ['c) momentum 0.99 + recalibration', 0.99, true],
  ] as const) {
    const model = createModel('paper-bn-cnn', { seed, batchNormMomentum: momentum });
    const accuracies: number[] = [];
    const start = performance.now();
    await trainClassifier(model, subsetDataset(train, Array.from({ length: train.count }, (_, i) => i)), {
      epochs: 2,
      batchSize: 64,
      seed,
      recalibrateBatchNorm: recalibrate,
      onBatchEnd: (b) => void accuracies.push(b.accuracy),
    });
    const seconds = (performance.now() - start) / 1000;
    const last = accuracies.slice(-20).reduce((a, b) => a + b, 0) / 20;
    const { accuracy } = await evaluateModel(model, test);
    console.log(
      `${name.padEnd(33)}${String(seed).padStart(4)}  ${String(accuracies.length).padStart(5)}  ${(100 * last).toFixed(2).padStart(16)} %  ${(100 * accuracy).toFixed(2).padStart(6)} %  ${seconds.toFixed(1).padStart(7)}`,
    );
    model.dispose();
  }
}
