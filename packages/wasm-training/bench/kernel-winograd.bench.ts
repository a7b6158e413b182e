/**
 * Winograd F(2×2, 3×3) against the im2col path, same process, same inputs: the forward convolution (FusedConv2D with
 * bias + ReLU, as the paper CNN's conv2; Conv2D as the BN CNN's) and Conv2DBackpropInput, for the two papers' conv2
 * (64×13×13×32 → 64×11×11×64, valid) and a few other 3×3 stride-1 shapes (same padding, fewer channels) at
 * batch 64, single thread (the plain build). Per row: median CPU ms and wall ms of each path over `rounds` rounds
 * that alternate the two paths, the speed-up, the largest relative difference between the two outputs, and the
 * load average at start and end. This is the measurement behind `winogradSettings` (src/kernels/winograd.ts).
 *
 * Run: `pnpm bench:winograd [rounds=9]` (nice -n 10 on a shared machine).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { cpus, loadavg } from 'node:os';
import { enableWasmTraining } from '../src/index.js';
import { setWinogradSettings } from '../src/kernels/winograd.js';
import { kernelDispatchCounts, resetKernelDispatchCounts } from '../src/kernels/kernel-dispatch.js';

const rounds = Number(process.argv[2] ?? 9);
const REPEATS = 3;
const BATCH = 64;

interface Shape {
  label: string;
  size: number;
  inChannels: number;
  outChannels: number;
  pad: 'valid' | 'same';
}

const shapes: Shape[] = [
  { label: 'conv2 of both papers\' CNNs', size: 13, inChannels: 32, outChannels: 64, pad: 'valid' },
  { label: 'same padding, 14×14', size: 14, inChannels: 32, outChannels: 64, pad: 'same' },
  { label: 'same padding, 7×7', size: 7, inChannels: 64, outChannels: 128, pad: 'same' },
  { label: 'fewer channels', size: 13, inChannels: 16, outChannels: 16, pad: 'valid' },
  { label: 'fewer channels', size: 13, inChannels: 8, outChannels: 16, pad: 'valid' },
  { label: 'fewer channels', size: 26, inChannels: 8, outChannels: 8, pad: 'valid' },
];

const on = { forwardMinChannels: 0, backpropInputMinChannels: 0 };
const off = { forwardMinChannels: Number.POSITIVE_INFINITY, backpropInputMinChannels: Number.POSITIVE_INFINITY };

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

/** CPU and wall ms of one call of `run` (mean of REPEATS), and its output values. */
function once(run: () => tf.Tensor): { cpu: number; wall: number; values: Float32Array } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let values: Float32Array = new Float32Array();
  for (let i = 0; i < REPEATS; i++) {
    const out = run();
    values = out.dataSync() as Float32Array;
    out.dispose();
  }
  const wall = (performance.now() - start) / REPEATS;
  const used = process.cpuUsage(cpuStart);
  return { cpu: (used.user + used.system) / 1000 / REPEATS, wall, values };
}

function relativeDifference(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

/** Alternates the two paths over `rounds` rounds; checks that each took the path it was meant to. */
function compare(label: string, kernel: string, run: () => tf.Tensor): void {
  const samples = { winograd: { cpu: [] as number[], wall: [] as number[] }, im2col: { cpu: [] as number[], wall: [] as number[] } };
  let difference = 0;
  for (let round = 0; round < rounds + 1; round++) {
    setWinogradSettings(off);
    resetKernelDispatchCounts();
    const im2col = once(run);
    if ((kernelDispatchCounts()[`${kernel}/native:winograd`] ?? 0) !== 0) throw new Error(`${label}: im2col run took Winograd`);
    setWinogradSettings(on);
    resetKernelDispatchCounts();
    const winograd = once(run);
    if (kernelDispatchCounts()[`${kernel}/native:winograd`] !== REPEATS) throw new Error(`${label}: Winograd was not taken`);
    if (round === 0) {
      difference = relativeDifference(winograd.values, im2col.values);
      continue; // warm-up
    }
    samples.im2col.cpu.push(im2col.cpu);
    samples.im2col.wall.push(im2col.wall);
    samples.winograd.cpu.push(winograd.cpu);
    samples.winograd.wall.push(winograd.wall);
  }
  const [ic, iw, wc, ww] = [median(samples.im2col.cpu), median(samples.im2col.wall), median(samples.winograd.cpu), median(samples.winograd.wall)];
  console.log(
    `| ${label} | ${ic.toFixed(2)} | ${wc.toFixed(2)} | ${(ic / wc).toFixed(2)}× | ${iw.toFixed(2)} | ${ww.toFixed(2)} | ${(iw / ww).toFixed(2)}× | ${difference.toExponential(1)} |`,
  );
}

await tf.setBackend('wasm');
await tf.ready();
enableWasmTraining();
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
console.log(`kernel-winograd bench: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, batch ${BATCH}, single thread, ${rounds} rounds × ${REPEATS} calls per path`);
console.log(`load average at start ${load()}`);
console.log('| kernel | im2col CPU ms | Winograd CPU ms | speed-up (CPU) | im2col wall ms | Winograd wall ms | speed-up (wall) | max rel. difference |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const s of shapes) {
  const x = tf.randomUniform([BATCH, s.size, s.size, s.inChannels], -1, 1) as tf.Tensor4D;
  const w = tf.randomUniform([3, 3, s.inChannels, s.outChannels], -1, 1) as tf.Tensor4D;
  const bias = tf.randomUniform([s.outChannels], -1, 1) as tf.Tensor1D;
  const info = tf.backend_util.computeConv2DInfo(x.shape, w.shape, 1, 1, s.pad);
  const dy = tf.randomUniform(info.outShape, -1, 1) as tf.Tensor4D;
  const name = `${s.label} ${BATCH}×${s.size}×${s.size}×${s.inChannels} → ${info.outHeight}×${info.outWidth}×${s.outChannels} ${s.pad}`;
  compare(`${name} forward (FusedConv2D, bias + ReLU)`, 'FusedConv2D', () => tf.fused.conv2d({ x, filter: w, strides: 1, pad: s.pad, bias, activation: 'relu' }));
  compare(`${name} forward (Conv2D)`, 'Conv2D', () => tf.conv2d(x, w, 1, s.pad));
  compare(`${name} input gradient (Conv2DBackpropInput)`, 'Conv2DBackpropInput', () =>
    tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { strides: 1, pad: s.pad, dataFormat: 'NHWC', inputShape: x.shape }) as tf.Tensor,
  );
  tf.dispose([x, w, bias, dy]);
}
console.log(`load average at end ${load()}`);
