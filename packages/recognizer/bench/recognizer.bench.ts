/**
 * Benchmark of @digitkit/recognizer in Node on the wasm backend (prints figures; not a test):
 * 1. load time of the shipped model (decode the embedded weights, build, warm up);
 * 2. single-image latency of recognize() on a 200×160 RGBA image (normalization + one forward pass), and the
 *    normalization alone;
 * 3. accuracy on digits that are not MNIST-like, built from the first BENCH_IMAGES (default 1,000) test images
 *    with preprocess-augment's corruptDataset (severity 3): thick and thin strokes, off-centre, blurred, noisy,
 *    inverted — read as 28×28 bytes directly (recognizeMnist) and through the recognizer's normalization
 *    (recognizeBatch on the same bytes as gray images).
 *
 * Run: pnpm --filter @digitkit/recognizer bench
 */
import '@tensorflow/tfjs-backend-wasm';
import { corruptDataset, describeCorruption, toGrayImage, toMnistDigit, type CorruptionName } from '@digitkit/preprocess-augment';
import { subsetDataset } from '@digitkit/mnist-data';
import { loadMnist } from '@digitkit/mnist-data/node';
import type { DigitDataset } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { loadDigitRecognizer } from '../src/index.js';
import { renderDigit } from '../src/test-support/render-digit.js';

await tf.setBackend('wasm');
await tf.ready();
const images = Number(process.env.BENCH_IMAGES ?? 1000);
console.log(`recognizer benchmark — tfjs ${tf.version_core}, backend ${tf.getBackend()}, ${new Date().toISOString()}`);

const loadStart = performance.now();
const recognizer = await loadDigitRecognizer();
const loadMs = performance.now() - loadStart;
console.log(`\n1. load (decode embedded weights, build, warm up): ${loadMs.toFixed(0)} ms — ${recognizer.info.architecture}, ${recognizer.info.quantization}, ${recognizer.info.weightBytes} bytes`);

const { test } = await loadMnist({ limit: { train: 1 } });
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const canvas = { data: renderDigit(test.images.subarray(0, 784), { width: 200, height: 160, scale: 4, x: 50, y: 20, polarity: 'dark-on-light' }), width: 200, height: 160 };
for (let i = 0; i < 5; i++) await recognizer.recognize(canvas);
const latencies: number[] = [];
const normalizeOnly: number[] = [];
for (let i = 0; i < 50; i++) {
  let start = performance.now();
  await recognizer.recognize(canvas);
  latencies.push(performance.now() - start);
  start = performance.now();
  toMnistDigit(toGrayImage({ ...canvas, channels: 4 }));
  normalizeOnly.push(performance.now() - start);
}
console.log(`2. recognize() on a 200x160 RGBA image: median ${median(latencies).toFixed(1)} ms (min ${Math.min(...latencies).toFixed(1)}) over 50; normalization alone median ${median(normalizeOnly).toFixed(2)} ms`);

const clean = subsetDataset(test, Array.from({ length: Math.min(images, test.count) }, (_, i) => i));
async function accuracies(dataset: DigitDataset): Promise<{ raw: number; normalized: number }> {
  const raw = (await recognizer.recognizeMnist(dataset)).digits;
  const inputs = Array.from({ length: dataset.count }, (_, i) => ({ data: dataset.images.subarray(i * 784, (i + 1) * 784), width: 28, height: 28, channels: 1 as const }));
  let rawCorrect = 0;
  let normalizedCorrect = 0;
  // A corrupted image can lose all its ink (counted as wrong).
  const results = await Promise.all(inputs.map((input) => recognizer.recognize(input).catch(() => undefined)));
  for (let i = 0; i < dataset.count; i++) {
    if (raw[i] === dataset.labels[i]) rawCorrect++;
    if (results[i]?.digit === dataset.labels[i]) normalizedCorrect++;
  }
  return { raw: rawCorrect / dataset.count, normalized: normalizedCorrect / dataset.count };
}
console.log(`\n3. accuracy on ${clean.count} test images made non-MNIST-like with corruptDataset (severity 3, seed 1)`);
console.log('corruption        parameter            as 28x28 bytes   through normalization');
const row = (name: string, parameter: string, result: { raw: number; normalized: number }) =>
  console.log(`${name.padEnd(18)}${parameter.padEnd(21)}${(100 * result.raw).toFixed(2).padStart(7)} %        ${(100 * result.normalized).toFixed(2).padStart(7)} %`);
row('clean', '-', await accuracies(clean));
const corruptions: CorruptionName[] = ['dilate', 'erode', 'translate', 'gaussian-blur', 'gaussian-noise', 'invert'];
for (const corruption of corruptions) {
  const corrupted = corruptDataset(clean, { corruption, severity: 3, seed: 1 });
  row(corruption, describeCorruption(corruption).severities[2], await accuracies(corrupted));
}
// Severity 3 of 'invert' is a solarization (only the brighter pixels flip); severity 5 is the full inversion.
row('invert (sev. 5)', describeCorruption('invert').severities[4], await accuracies(corruptDataset(clean, { corruption: 'invert', severity: 5, seed: 1 })));
recognizer.dispose();
