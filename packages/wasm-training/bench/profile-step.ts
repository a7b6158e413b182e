/**
 * Where a training step's time goes: `tf.profile` of `model.trainOnBatch` (batch 64, Adam) of a bench model on the
 * wasm backend with this package — per kernel the minimum wall ms over five profiled steps, its calls, its share
 * of kernel time, and how many of its calls took a threaded path (the dispatch counters) — plus the step's wall
 * time outside kernels (tfjs bookkeeping, JavaScript).
 *
 * Usage: `npx tsx bench/profile-step.ts [bn-cnn|paper-cnn] [threads]` (threads ≥ 2: the threaded build with the
 * kernel pool on that many threads and XNNPACK on one; 1 or absent: the single-threaded build).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { loadavg } from 'node:os';
import { enableWasmTraining } from '../src/index.js';
import { enableWasmThreads } from '../src/node.js';
import { kernelDispatchCounts, resetKernelDispatchCounts } from '../src/kernels/kernel-dispatch.js';
import { createBenchModel, MODEL_LABELS, type BenchModelName } from './models.js';
import { profileTrainingKernels } from './profile-kernels.js';

const name = (process.argv[2] ?? 'bn-cnn') as BenchModelName;
const threads = Number(process.argv[3] ?? 1);
if (threads > 1) enableWasmThreads({ threads, xnnpackThreads: 1 });
await tf.setBackend('wasm');
enableWasmTraining();
const xs = tf.randomUniform([64, 28, 28, 1]);
const ys = tf.oneHot(tf.tensor1d(Int32Array.from({ length: 64 }, (_, i) => i % 10), 'int32'), 10);
const model = createBenchModel(name);
for (let i = 0; i < 3; i++) await model.trainOnBatch(xs, ys);
const { byKernel: best, bestWallMs: bestWall } = await profileTrainingKernels(model, xs, ys, 5);
resetKernelDispatchCounts();
await model.trainOnBatch(xs, ys);
const threadedCalls = new Map<string, number>();
for (const [key, count] of Object.entries(kernelDispatchCounts())) {
  if (count > 0 && key.includes('/native:threads')) {
    const kernel = key.slice(0, key.indexOf('/'));
    threadedCalls.set(kernel, (threadedCalls.get(kernel) ?? 0) + count);
  }
}
const total = [...best.values()].reduce((s, e) => s + e.ms, 0);
const calls = [...best.values()].reduce((s, e) => s + e.calls, 0);
console.log(`${MODEL_LABELS[name]}, ${threads > 1 ? `threaded build, kernel pool ${threads} threads, XNNPACK 1` : 'single-threaded build'}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`one training step: ${total.toFixed(1)} ms in ${calls} kernel calls (sum of per-kernel minima), fastest profiled step ${bestWall.toFixed(1)} ms wall`);
for (const [kernel, e] of [...best.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 14)) {
  const split = threadedCalls.get(kernel);
  console.log(`  ${kernel.padEnd(28)} ${e.ms.toFixed(2).padStart(8)} ms ${String(e.calls).padStart(4)} calls ${((100 * e.ms) / total).toFixed(1).padStart(5)}%${split ? `  (${split} threaded)` : ''}`);
}
process.exit(0);
