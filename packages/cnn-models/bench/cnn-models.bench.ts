/**
 * Benchmark of @digitkit/cnn-models on the wasm backend with @digitkit/wasm-training (prints figures; not a test).
 *
 * 1. Training and inference throughput of every registry model (short runs on real MNIST).
 * 2. Size and accuracy cost of float16 / uint8 weight quantization on a trained paper CNN, on the full
 *    10,000-image MNIST test set, loading the quantized files back through tfjs's own loader.
 *
 * Run: pnpm --filter @digitkit/cnn-models bench   (env BENCH_TRAIN_IMAGES to change the training subset)
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { subsetDataset } from '@digitkit/mnist-data';
import { loadMnist } from '@digitkit/mnist-data/node';
import { enableWasmTraining } from '@digitkit/wasm-training';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel, evaluateModel, models, predictProbabilities, trainClassifier, type ModelName } from '../src/index.js';
import { loadModel, saveModel } from '../src/node.js';

await tf.setBackend('wasm');
await tf.ready();
enableWasmTraining();
const { train, test } = await loadMnist();
const range = (start: number, count: number): number[] => Array.from({ length: count }, (_, i) => start + i);

console.log(`cnn-models benchmark — tfjs ${tf.version_core}, backend ${tf.getBackend()}, ${new Date().toISOString()}`);
console.log('\n1. Throughput per model (wasm + enableWasmTraining; training batch 64 on 1,024 images after a 128-image warm-up; inference batch 256 on 2,048 images)');
console.log('model         params    MFLOPs/img  train img/s  infer img/s');
const trainSlice = subsetDataset(train, range(0, 1024));
const warmSlice = subsetDataset(train, range(0, 128));
const inferSlice = subsetDataset(test, range(0, 2048));
for (const name of Object.keys(models) as ModelName[]) {
  const model = createModel(name, { seed: 1 });
  await trainClassifier(model, warmSlice, { epochs: 1, batchSize: 64, seed: 1 });
  const history = await trainClassifier(model, trainSlice, { epochs: 1, batchSize: 64, seed: 2 });
  await predictProbabilities(model, subsetDataset(test, range(0, 256)));
  const start = performance.now();
  await predictProbabilities(model, inferSlice, { batchSize: 256 });
  const inferRate = 2048 / ((performance.now() - start) / 1000);
  console.log(
    `${name.padEnd(12)} ${String(model.countParams()).padStart(8)}  ${(models[name].flopsPerImage / 1e6).toFixed(2).padStart(10)}  ${history.epochs[0].imagesPerSecond.toFixed(0).padStart(11)}  ${inferRate.toFixed(0).padStart(11)}`,
  );
  model.dispose();
}

const trainImages = Number(process.env.BENCH_TRAIN_IMAGES ?? 20_000);
console.log(`\n2. Quantization cost: paper CNN trained 1 epoch on ${trainImages} images (Adam 1e-3, batch 32, seed 7), full 10,000-image test set`);
const model = createModel('paper-cnn', { seed: 7 });
const trainStart = performance.now();
await trainClassifier(model, subsetDataset(train, range(0, trainImages)), { epochs: 1, batchSize: 32, seed: 7 });
console.log(`training: ${((performance.now() - trainStart) / 1000).toFixed(1)} s`);
const root = await mkdtemp(join(tmpdir(), 'cnn-models-bench-'));
const reference = await predictProbabilities(model, test);
console.log('weights   weights.bin bytes  size   test accuracy  Δ vs float32  max |Δp|   same top-1');
for (const quantize of [undefined, 'float16', 'uint8'] as const) {
  const dir = join(root, quantize ?? 'float32');
  await saveModel(model, dir, quantize ? { quantize } : {});
  const bytes = (await stat(join(dir, 'weights.bin'))).size;
  const loaded = await loadModel(dir);
  const evaluation = await evaluateModel(loaded, test);
  const probabilities = evaluation.predictions.probabilities;
  let maxDiff = 0;
  let sameTop = 0;
  for (let i = 0; i < test.count; i++) {
    let a = 0;
    let b = 0;
    for (let c = 0; c < 10; c++) {
      maxDiff = Math.max(maxDiff, Math.abs(probabilities[i * 10 + c] - reference[i * 10 + c]));
      if (reference[i * 10 + c] > reference[i * 10 + a]) a = c;
      if (probabilities[i * 10 + c] > probabilities[i * 10 + b]) b = c;
    }
    if (a === b) sameTop++;
  }
  const baseline = quantize === undefined ? evaluation.accuracy : undefined;
  if (baseline !== undefined) (globalThis as { baseline?: number }).baseline = baseline;
  const delta = evaluation.accuracy - ((globalThis as { baseline?: number }).baseline ?? evaluation.accuracy);
  console.log(
    `${(quantize ?? 'float32').padEnd(8)}  ${String(bytes).padStart(17)}  ${((bytes / (4 * model.countParams())) * 100).toFixed(0).padStart(3)}%  ${(evaluation.accuracy * 100).toFixed(2).padStart(12)}%  ${(delta * 100).toFixed(2).padStart(11)}%  ${maxDiff.toExponential(2).padStart(8)}  ${sameTop}/${test.count}`,
  );
  loaded.dispose();
}
await rm(root, { recursive: true, force: true });
model.dispose();
