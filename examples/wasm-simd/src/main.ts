/**
 * Train the second paper's BatchNorm CNN on the tfjs WebAssembly SIMD backend in Node — no native binary —
 * and print what it reached: `pnpm --filter @digitkit/example-wasm-simd start [trainImages] [epochs]`.
 */
import { loadMnist } from '@digitkit/mnist-data/node';
import { trainOnWasm } from './train-on-wasm.js';

const trainCount = Number(process.argv[2] ?? 10_000);
const epochs = Number(process.argv[3] ?? 1);
if (!Number.isInteger(trainCount) || trainCount < 1 || !Number.isInteger(epochs) || epochs < 1) {
  console.error(`usage: start [trainImages ≥ 1] [epochs ≥ 1]; got ${process.argv.slice(2).join(' ')}`);
  process.exit(2);
}
const data = await loadMnist();
const summary = await trainOnWasm(data, { trainCount, testCount: 10_000, epochs, log: console.log });
console.log(`backend ${summary.backend}, SIMD ${summary.simd}, threads ${summary.threads}`);
console.log(`kernels added by enableWasmTraining: ${summary.registeredKernels.join(', ')}`);
console.log(`training ${Math.round(summary.trainImagesPerSecond)} images/s, inference ${Math.round(summary.inferenceImagesPerSecond)} images/s`);
console.log(`test accuracy ${(100 * summary.testAccuracy).toFixed(2)}% on 10,000 images`);
