/**
 * Benchmark: augmenting a 64-image MNIST batch on the wasm backend, next to (as a peer in the same run) one
 * training step of the second paper's BatchNorm CNN on wasm, so the ratio is meaningful on a noisy machine.
 *
 * Run: pnpm --filter @digitkit/preprocess-augment bench
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadMnist } from '@digitkit/mnist-data/node';
import { augmentBatch, augmentImages, oneHot, toImageTensor, type AugmentOptions } from '../src/index.js';

const BATCH = 64;
const WARMUP = 5;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 40);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median and minimum wall time of `run` (the minimum shows the cost when the shared machine left us alone). */
async function timeIt(run: (i: number) => unknown, repeats = REPEATS): Promise<{ median: number; min: number }> {
  for (let i = 0; i < WARMUP; i++) await run(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  return { median: median(times), min: Math.min(...times) };
}

const fmt = (t: { median: number; min: number }): string => `median ${t.median.toFixed(2)} ms (min ${t.min.toFixed(2)})`;

/** The second paper's CNN: conv32-BN-ReLU-pool, conv64-BN-ReLU-pool, dense128, dropout 0.5, dense10. */
function paperBatchNormCnn(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'valid' }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3 }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 128, activation: 'relu' }));
  model.add(tfl.layers.dropout({ rate: 0.5 }));
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

async function main(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  let trainingNote = 'training step (model.trainOnBatch, forward + backward + Adam update)';
  let canTrain = true;
  try {
    const { enableWasmTraining } = await import('@digitkit/wasm-training');
    const info = enableWasmTraining();
    console.log(`enableWasmTraining: added ${info.added.join(', ') || 'nothing'}; replaced ${info.replaced.length} kernels`);
  } catch (error) {
    canTrain = false;
    trainingNote = `inference + loss step (enableWasmTraining unavailable: ${(error as Error).message})`;
  }
  const { train } = await loadMnist({ limit: 4 * BATCH });
  const bytes = train.images.subarray(0, BATCH * 784);
  const xs = toImageTensor(bytes);
  const ys = tf.tensor2d(oneHot(train.labels.subarray(0, BATCH)), [BATCH, 10]);

  console.log(`backend ${tf.getBackend()}, batch ${BATCH} MNIST images 28x28, median of ${REPEATS} runs after ${WARMUP} warm-ups`);
  const configs: Array<[string, AugmentOptions]> = [
    ["paper's rotation+shift+zoom (10°, 2 px, ±10%)", { rotationDegrees: 10, shift: 2, zoom: 0.1 }],
    ['rotation+shift+zoom+shear (one projective matrix)', { rotationDegrees: 10, shift: 2, zoom: 0.1, shear: 10 }],
    ['elastic only (alpha 34, sigma 4)', { elastic: { alpha: 34, sigma: 4 } }],
    ['everything (affine + elastic + noise 0.05 + clip)', { rotationDegrees: 10, shift: 2, zoom: 0.1, shear: 10, elastic: { alpha: 34, sigma: 4 }, noise: 0.05, clip: [0, 1] }],
  ];
  const augmentTimes: Array<{ median: number; min: number }> = [];
  for (const [name, options] of configs) {
    const before = tf.memory().numTensors;
    const t = await timeIt((i) => {
      const out = augmentBatch(xs, { ...options, seed: i });
      out.dataSync();
      out.dispose();
    });
    if (tf.memory().numTensors !== before) throw new Error(`augmentBatch leaked ${tf.memory().numTensors - before} tensors`);
    augmentTimes.push(t);
    console.log(`augmentBatch wasm  ${name.padEnd(52)} ${fmt(t)} / batch${t.median <= 5 ? '' : '  (median over the 5 ms target)'}`);
  }
  for (const k of [0, 2]) {
    const t = await timeIt((i) => { augmentImages(bytes, { ...configs[k][1], seed: i }); }, 10);
    console.log(`augmentImages TS   ${configs[k][0].padEnd(52)} ${fmt(t)} / batch (pure TypeScript, no tfjs)`);
  }

  const model = paperBatchNormCnn();
  let step: { median: number; min: number };
  if (canTrain) {
    step = await timeIt(() => model.trainOnBatch(xs, ys), Math.max(10, Math.round(REPEATS / 2)));
  } else {
    step = await timeIt(() => {
      tf.tidy(() => {
        const predictions = model.predict(xs) as tf.Tensor;
        tf.mean(tfl.metrics.categoricalCrossentropy(ys, predictions)).dataSync();
      });
    }, Math.max(10, Math.round(REPEATS / 2)));
  }
  console.log(`BN CNN (paper 2) wasm ${trainingNote}: ${fmt(step)} / batch of ${BATCH}`);
  const names = ['paper augmentation', 'affine + shear', 'elastic only', 'everything'];
  for (let k = 0; k < augmentTimes.length; k++) {
    const ratio = (100 * augmentTimes[k].median) / step.median;
    const ratioMin = (100 * augmentTimes[k].min) / step.min;
    console.log(`ratio ${names[k].padEnd(20)} augment / step = ${ratio.toFixed(1)}% of medians (${ratioMin.toFixed(1)}% of minima)${ratio < 10 ? '' : '  (over the 10% target)'}`);
  }
  tf.dispose([xs, ys]);
  model.dispose();
}

await main();
