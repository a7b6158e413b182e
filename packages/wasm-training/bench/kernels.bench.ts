/**
 * Kernel-level benchmark: training throughput (images/s) of the second paper's BatchNorm CNN (batch 64) on the
 * wasm backend with `enableWasmTraining({ fast: false })` (only the missing kernels, simple form) and with the
 * fast kernels, plus the top kernels of one training step from `tf.profile`.
 *
 * Images per CPU-second (this process's user + system CPU time) estimate the speed on an idle core, since the
 * machine is shared and wall-clock figures move with its load; both are printed.
 *
 * Usage: `tsx bench/kernels.bench.ts [fast|simple|kernels|both] [steps]`
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { cpus, loadavg } from 'node:os';
import { enableWasmTraining } from '../src/index.js';
import { createBatchNormCnn } from './models.js';
import { profileTrainingKernels } from './profile-kernels.js';

const BATCH = 64;

async function measure(label: string, fast: boolean, steps: number): Promise<number> {
  const info = enableWasmTraining({ fast });
  const model = createBatchNormCnn();
  const xs = tf.randomUniform([BATCH, 28, 28, 1]);
  const ys = tf.cast(tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32') as tf.Tensor1D, 10), 'float32');
  await model.trainOnBatch(xs, ys); // warm-up
  const { byKernel } = await profileTrainingKernels(model, xs, ys, 3);
  const total = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(xs, ys);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const imagesPerSecond = (steps * BATCH) / seconds;
  console.log(`\n## ${label} (added: ${info.added.join(', ')}; replaced: ${info.replaced.join(', ') || 'none'})`);
  console.log(
    `training: ${imagesPerSecond.toFixed(0)} images/s wall clock, ${((steps * BATCH) / cpuSeconds).toFixed(0)} images per CPU-second ` +
      `(${steps} steps of ${BATCH}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`,
  );
  console.log(`profile of one step: ${total.toFixed(1)} ms in kernels; top kernels:`);
  const top = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12);
  for (const [name, e] of top) {
    console.log(`  ${name.padEnd(32)} ${e.ms.toFixed(2).padStart(8)} ms  ${String(e.calls).padStart(3)} calls  ${((100 * e.ms) / total).toFixed(1).padStart(5)}%`);
  }
  // Inference, batch 256 (model.predict: dropout off, BatchNorm with its moving statistics).
  const big = tf.randomUniform([256, 28, 28, 1]);
  for (let i = 0; i < 2; i++) tf.dispose(model.predict(big) as tf.Tensor);
  const inferStart = performance.now();
  const inferCpu = process.cpuUsage();
  const batches = Math.max(5, Math.round(steps / 2));
  for (let i = 0; i < batches; i++) {
    const y = model.predict(big) as tf.Tensor;
    await y.data();
    y.dispose();
  }
  const inferUsed = process.cpuUsage(inferCpu);
  console.log(
    `inference: ${((batches * 256 * 1000) / (performance.now() - inferStart)).toFixed(0)} images/s wall clock, ` +
      `${((batches * 256) / ((inferUsed.user + inferUsed.system) / 1e6)).toFixed(0)} images per CPU-second (batch 256)`,
  );
  big.dispose();
  model.dispose();
  xs.dispose();
  ys.dispose();
  return imagesPerSecond;
}

/** Median CPU milliseconds of `fn` over `repeats` runs (after one warm-up). */
async function time(fn: () => tf.Tensor | tf.Tensor[], repeats = 15): Promise<number> {
  tf.dispose(fn());
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.cpuUsage();
    const out = fn();
    await (Array.isArray(out) ? out[0] : out).data();
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / 1000);
    tf.dispose(out);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** The BN CNN's conv2 (64x13x13x32 -> 64x11x11x64, 3x3): forward (XNNPACK and GEMM) and the two backprops. */
async function kernels(): Promise<void> {
  const x = tf.randomUniform([BATCH, 13, 13, 32]) as tf.Tensor4D;
  const w = tf.randomUniform([3, 3, 32, 64]) as tf.Tensor4D;
  const dy = tf.randomUniform([BATCH, 11, 11, 64]) as tf.Tensor4D;
  const macs = BATCH * 11 * 11 * 64 * 3 * 3 * 32;
  const bias = tf.randomUniform([64]) as tf.Tensor1D;
  const forward = () => tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'valid', bias, activation: 'relu' });
  enableWasmTraining({ fast: false });
  const stockForward = await time(forward);
  enableWasmTraining({ fast: true });
  const rows: Array<[string, number]> = [
    ['FusedConv2D forward (stock XNNPACK)', stockForward],
    ['FusedConv2D forward (this package)', await time(forward)],
    ['Conv2DBackpropFilter (this package)', await time(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 32, 64] }) as tf.Tensor)],
    ['Conv2DBackpropInput (this package)', await time(() => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: [BATCH, 13, 13, 32] }) as tf.Tensor)],
  ];
  console.log(`\n## conv2 of the BN CNN, batch ${BATCH} (${(macs / 1e6).toFixed(0)} M multiply-adds each)`);
  for (const [name, ms] of rows) console.log(`  ${name.padEnd(40)} ${ms.toFixed(2).padStart(7)} CPU ms  ${((2 * macs) / ms / 1e6).toFixed(1).padStart(6)} GFLOP/s`);
  tf.dispose([x, w, dy, bias]);
}

const mode = process.argv[2] ?? 'both';
const steps = Number(process.argv[3] ?? 20);
await tf.setBackend('wasm');
await tf.ready();
const results: Record<string, number> = {};
if (mode === 'kernels' || mode === 'both') await kernels();
if (mode === 'simple' || mode === 'both') results.simple = await measure('wasm, only the missing kernels (fast: false)', false, steps);
if (mode === 'fast' || mode === 'both') results.fast = await measure('wasm + @digitkit/wasm-training (fast)', true, steps);
if (results.simple !== undefined && results.fast !== undefined) {
  console.log(`\nspeed-up fast / simple: ${(results.fast / results.simple).toFixed(2)}x`);
}
