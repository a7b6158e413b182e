/**
 * The threaded kernels one by one: each heavy kernel of a BN CNN training step (batch 64) on the threaded build,
 * on the calling thread alone (thresholds raised to infinity) and split across the kernel pool (thresholds 0),
 * median CPU-independent wall ms over repeated calls, the speed-up, and the largest difference between the two
 * results (0 where the split is bit-identical). Also sweeps GEMM sizes to find the size below which splitting
 * does not pay (`threadThresholds.minMultiplyAdds`). Run: `npx tsx bench/kernel-threads.bench.ts`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers'; // registers tfjs-core's gradients (MaxPool...)
import { loadavg } from 'node:os';
import { enableWasmTraining } from '../src/index.js';
import { enableWasmThreads } from '../src/node.js';
import { setThreadThresholds } from '../src/threads/thread-thresholds.js';

const threads = Number(process.argv[2] ?? 2);
enableWasmThreads({ threads, xnnpackThreads: Number(process.argv[3] ?? 1) });
await tf.setBackend('wasm');
enableWasmTraining();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

function time(run: () => tf.Tensor | tf.Tensor[], repeats: number): { ms: number; values: Float32Array } {
  let values: Float32Array = new Float32Array();
  const samples: number[] = [];
  for (let i = 0; i < repeats + 2; i++) {
    const start = performance.now();
    const out = run();
    const list = Array.isArray(out) ? out : [out];
    const data = list.map((t) => t.dataSync() as Float32Array);
    if (i >= 2) samples.push(performance.now() - start);
    values = data[0]!;
    tf.dispose(list);
  }
  return { ms: median(samples), values };
}

function compare(label: string, run: () => tf.Tensor | tf.Tensor[], repeats = 15): void {
  setThreadThresholds({ minMultiplyAdds: Infinity, minElements: Infinity, minReducedElements: Infinity });
  const single = time(run, repeats);
  setThreadThresholds({ minMultiplyAdds: 0, minElements: 0, minReducedElements: 0 });
  const split = time(run, repeats);
  let diff = 0;
  for (let i = 0; i < single.values.length; i++) diff = Math.max(diff, Math.abs(single.values[i]! - split.values[i]!));
  console.log(
    `${label.padEnd(46)} 1 thread ${single.ms.toFixed(3).padStart(8)} ms   ${threads} threads ${split.ms.toFixed(3).padStart(8)} ms   ×${(single.ms / split.ms).toFixed(2)}   max |Δ| ${diff.toExponential(1)}`,
  );
}

const backpropFilter = (x: tf.Tensor, dy: tf.Tensor, filterShape: number[]) =>
  tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape }) as tf.Tensor;
console.log(`kernel pool ${threads} threads; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const x2 = tf.randomNormal([64, 13, 13, 32]);
const w2 = tf.randomNormal([3, 3, 32, 64]);
const dy2 = tf.randomNormal([64, 11, 11, 64]);
const b2 = tf.randomNormal([64]);
compare('conv2 forward (FusedConv2D + bias + relu)', () => tf.fused.conv2d({ x: x2 as tf.Tensor4D, filter: w2 as tf.Tensor4D, strides: 1, pad: 'valid', bias: b2, activation: 'relu' }));
compare('conv2 Conv2DBackpropFilter', () => backpropFilter(x2, dy2, [3, 3, 32, 64]));
compare('conv2 Conv2DBackpropInput', () =>
  tf.engine().runKernel('Conv2DBackpropInput', { dy: dy2, filter: w2 }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: [64, 13, 13, 32] }) as tf.Tensor);
const x1 = tf.randomNormal([64, 28, 28, 1]);
const dy1 = tf.randomNormal([64, 26, 26, 32]);
compare('conv1 Conv2DBackpropFilter', () => backpropFilter(x1, dy1, [3, 3, 1, 32]));
const a = tf.randomNormal([64, 1600]);
const w = tf.randomNormal([1600, 128]);
const g = tf.randomNormal([64, 128]);
compare('dense1 forward matMul 64×1600×128', () => tf.matMul(a, w));
compare('dense1 dW = xᵀ·dy 1600×64×128', () => tf.matMul(a, g, true, false));
compare('dense1 dx = dy·Wᵀ 64×128×1600', () => tf.matMul(g, w, false, true));
const r = tf.randomNormal([64, 26, 26, 32]);
compare('relu gradient 64×26×26×32', () => tf.grad((t: tf.Tensor) => tf.relu(t))(r, r));
const p = tf.randomNormal([64, 26, 26, 32]);
const pdy = tf.randomNormal([64, 13, 13, 32]);
compare('MaxPoolGrad 2×2 64×26×26×32', () => tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'))(p, pdy));
const row = tf.randomNormal([32]);
compare('row-broadcast Sub 64×26×26×32 − [32]', () => tf.sub(r, row));
const mean = tf.randomNormal([32]);
const variance = tf.add(tf.square(tf.randomNormal([32])), 0.1);
compare('FusedBatchNorm 64×26×26×32', () => tf.batchNorm(r, mean, variance, row, mean, 1e-3));
compare('Mean over [0, 1, 2] 64×26×26×32 (BN moments)', () => tf.mean(r, [0, 1, 2]));
compare('Sum over [0, 1, 2] 64×11×11×64', () => tf.sum(dy2, [0, 1, 2]));
const bnGradient = (t: tf.Tensor, dy: tf.Tensor, channels: number) => {
  const scale = tf.ones([channels]);
  const offset = tf.zeros([channels]);
  const grads = tf.grads((xx: tf.Tensor, ss: tf.Tensor, oo: tf.Tensor) => {
    const { mean: m, variance: v } = tf.moments(xx, [0, 1, 2]);
    return tf.batchNorm(xx, m, v, oo, ss, 1e-3);
  })([t, scale, offset], dy);
  tf.dispose([scale, offset]);
  return grads;
};
const bnGradKernel = (t: tf.Tensor, dy: tf.Tensor, channels: number) => {
  const m = tf.mean(t, [0, 1, 2]);
  const v = tf.add(tf.square(tf.randomNormal([channels], 0, 1, 'float32', 7)), 0.1);
  const outs = tf.engine().runKernel('DigitkitFusedBatchNormGrad', { x: t, dy, mean: m, variance: v }, { varianceEpsilon: 1e-3 }) as tf.Tensor[];
  tf.dispose([m, v]);
  return outs;
};
compare('DigitkitFusedBatchNormGrad 64×26×26×32', () => bnGradKernel(r, p, 32));
compare('DigitkitFusedBatchNormGrad 64×11×11×64', () => bnGradKernel(dy2, dy2, 64));
// The whole training-mode BatchNorm gradient (moments, FusedBatchNorm, DigitkitFusedBatchNormGrad, the Mean gradient).
compare('BN gradient (moments + batchNorm) 64×26×26×32', () => bnGradient(r, p, 32));
compare('BN gradient (moments + batchNorm) 64×11×11×64', () => bnGradient(dy2, dy2, 64));

console.log('\nGEMM size sweep (square-ish M×N×K, BatchMatMul):');
for (const size of [32, 48, 64, 96, 128, 192]) {
  const m = tf.randomNormal([size, size]);
  compare(`matMul ${size}×${size}×${size} (${((size ** 3) / 1e6).toFixed(2)} M multiply-adds)`, () => tf.matMul(m, m), 40);
  m.dispose();
}
console.log('\nElement-wise size sweep (relu gradient):');
for (const n of [1 << 12, 1 << 14, 1 << 16, 1 << 18]) {
  const t = tf.randomNormal([n]);
  compare(`relu gradient ${n} elements`, () => tf.grad((u: tf.Tensor) => tf.relu(u))(t, t), 40);
  t.dispose();
}
process.exit(0);
