/**
 * Relaxed SIMD (f32x4.relaxed_madd in the GEMM) vs SIMD128, the same kernels on the same data in one process:
 * the GEMM-based entry points at the BatchNorm CNN's shapes (batch 64): conv1 (28×28×1 → 26×26×32, 3×3) and conv2
 * (13×13×32 → 11×11×64, 3×3) forward, filter gradient and input gradient, and the dense layer's GEMM
 * (64×1600 · 1600×128). Both builds are instantiated on the wasm backend's memory (single-threaded build) and
 * called directly, one thread, alternating builds round by round; the figures are the median per call of this
 * process's CPU time (user + system: on a shared machine wall-clock time mostly measures the other jobs) and of the
 * wall-clock time.
 *
 * Node 20 accepts relaxed SIMD only with --experimental-wasm-relaxed-simd: without it this script runs itself again
 * with the flag. Usage: `tsx bench/fma.bench.ts [rounds]`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { backend_util } from '@tensorflow/tfjs-core';
import { createNativeKernels, engineHasRelaxedSimd, type NativeKernels, type NativeSimd } from '../src/native/native-module.js';
import { isWasmBackend, type WasmBackend } from '../src/wasm-backend.js';

const FLAG = '--experimental-wasm-relaxed-simd';
if (!engineHasRelaxedSimd()) {
  if (process.env.DIGITKIT_FMA_BENCH_CHILD) throw new Error(`fma bench: this engine has no relaxed SIMD even with ${FLAG}`);
  const run = spawnSync(process.execPath, [FLAG, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, DIGITKIT_FMA_BENCH_CHILD: '1' },
  });
  process.exit(run.status ?? 1);
}

const rounds = Number(process.argv[2] ?? 7);
await tf.setBackend('wasm');
await tf.ready();
const candidate: object = tf.engine().backend;
if (!isWasmBackend(candidate)) throw new Error('fma bench: no wasm backend');
const backend: WasmBackend = candidate;

const builds = new Map<NativeSimd, NativeKernels>();
for (const simd of ['relaxed-simd', 'simd128'] as const) {
  const kernels = createNativeKernels(backend, simd);
  if (kernels === null) throw new Error(`fma bench: the ${simd} build did not load`);
  builds.set(simd, kernels);
}

function floats(count: number, seed: number): number {
  const pointer = backend.wasm._malloc(count * 4 + 16);
  const aligned = (pointer + 15) & ~15;
  const view = new Float32Array(backend.wasm.HEAPU8.buffer, aligned, count);
  let s = seed;
  for (let i = 0; i < count; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    view[i] = s / 4294967296 - 0.5;
  }
  return aligned;
}

interface Case {
  label: string;
  run(kernels: NativeKernels): void;
}

function convCases(name: string, x: [number, number, number, number], filter: [number, number, number, number]): Case[] {
  const info = backend_util.computeConv2DInfo(x, filter, [1, 1], [1, 1], 'valid');
  const geometry = [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  ];
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const xs = floats(size(info.inShape), 1);
  const w = floats(size(info.filterShape), 2);
  const dy = floats(size(info.outShape), 3);
  const out = floats(Math.max(size(info.inShape), size(info.outShape), size(info.filterShape)), 4);
  const patch = filter[0] * filter[1] * filter[2];
  const cols = (k: NativeKernels) => k.scratch(k.exports.dk_conv_cols_floats(patch));
  return [
    { label: `${name} forward (Conv2D)`, run: (k) => k.exports.dk_conv2d(xs, w, 0, out, ...geometry, 0, k.gemmScratch(), cols(k)) },
    { label: `${name} filter gradient`, run: (k) => k.exports.dk_conv2d_backprop_filter(xs, dy, out, ...geometry, k.gemmScratch(), cols(k)) },
    { label: `${name} input gradient`, run: (k) => k.exports.dk_conv2d_backprop_input(dy, w, out, ...geometry, k.gemmScratch(), cols(k)) },
  ];
}

const a = floats(64 * 1600, 5);
const b = floats(1600 * 128, 6);
const c = floats(64 * 128, 7);
const cases: Case[] = [
  ...convCases('conv1 64×28×28×1 → 26×26×32', [64, 28, 28, 1], [3, 3, 1, 32]),
  ...convCases('conv2 64×13×13×32 → 11×11×64', [64, 13, 13, 32], [3, 3, 32, 64]),
  { label: 'dense GEMM 64×1600 · 1600×128', run: (k) => k.exports.dk_gemm(64, 128, 1600, a, 1600, 1, b, 128, 1, c, 128, 0, k.gemmScratch()) },
];

const median = (values: number[]) => [...values].sort((p, q) => p - q)[Math.floor(values.length / 2)]!;
console.log(`fma bench: Node ${process.version} (V8 ${process.versions.v8}, ${process.execArgv.join(' ')}), ${cpus()[0]?.model}, ${rounds} rounds`);
console.log(`load average at start ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log('| kernel | SIMD128 CPU ms | relaxed SIMD CPU ms | speed-up (CPU) | SIMD128 wall ms | relaxed wall ms | speed-up (wall) |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
let totalSimd = 0;
let totalRelaxed = 0;
let wallSimd = 0;
let wallRelaxed = 0;
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
for (const kernel of cases) {
  const times = new Map<NativeSimd, number[]>([['relaxed-simd', []], ['simd128', []]]);
  const walls = new Map<NativeSimd, number[]>([['relaxed-simd', []], ['simd128', []]]);
  for (const k of builds.values()) kernel.run(k); // warm-up (tier-up, scratch allocation)
  // Repetitions per sample so that one sample lasts ≥ ≈ 20 ms.
  const t0 = performance.now();
  kernel.run(builds.get('simd128')!);
  const reps = Math.max(1, Math.ceil(20 / Math.max(0.01, performance.now() - t0)));
  for (let r = 0; r < rounds; r++) {
    for (const simd of (r % 2 === 0 ? ['simd128', 'relaxed-simd'] : ['relaxed-simd', 'simd128']) as NativeSimd[]) {
      const k = builds.get(simd)!;
      const start = performance.now();
      const cpuStart = cpuMs();
      for (let i = 0; i < reps; i++) kernel.run(k);
      times.get(simd)!.push((cpuMs() - cpuStart) / reps);
      walls.get(simd)!.push((performance.now() - start) / reps);
    }
  }
  const simd128 = median(times.get('simd128')!);
  const relaxed = median(times.get('relaxed-simd')!);
  const simd128Wall = median(walls.get('simd128')!);
  const relaxedWall = median(walls.get('relaxed-simd')!);
  totalSimd += simd128;
  totalRelaxed += relaxed;
  wallSimd += simd128Wall;
  wallRelaxed += relaxedWall;
  console.log(
    `| ${kernel.label} | ${simd128.toFixed(2)} | ${relaxed.toFixed(2)} | ${(simd128 / relaxed).toFixed(2)}× | ` +
      `${simd128Wall.toFixed(2)} | ${relaxedWall.toFixed(2)} | ${(simd128Wall / relaxedWall).toFixed(2)}× |`,
  );
}
console.log(
  `| all of the above | ${totalSimd.toFixed(2)} | ${totalRelaxed.toFixed(2)} | ${(totalSimd / totalRelaxed).toFixed(2)}× | ` +
    `${wallSimd.toFixed(2)} | ${wallRelaxed.toFixed(2)} | ${(wallSimd / wallRelaxed).toFixed(2)}× |`,
);
console.log(`load average at end ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
