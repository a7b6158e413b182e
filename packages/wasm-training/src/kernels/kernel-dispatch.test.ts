/**
 * Dispatch coverage: every implementation path of every kernel and gradient replacement (each fast native path,
 * each branch of the C entry points that report one, each fallback and its reason) is reached by at least one
 * case below, proven by the debug counters of kernel-dispatch.ts — not by results, which the stock fallbacks would
 * match too. Each case also checks its values against the cpu backend where both can compute them. The last test
 * fails when a declared path was reached by no case. Three parts: the single-threaded build; an engine whose SIMD
 * module does not compile (the package loaded again with a corrupt binary: every fallback, and the load failure
 * reported); the threaded build (shared memory).
 */
import { DigitKitError } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { relativeError, runKernelOn, seededValues, type KernelInput } from '../../test-support/kernel-check.js';
import { enableWasmTraining } from '../enable-wasm-training.js';
import { nativeKernelsStatus } from '../native/native-module.js';
import { enableWasmThreads } from '../node/enable-wasm-threads.js';
import { kernelPoolOf } from '../threads/kernel-pool.js';
import { setThreadThresholds, threadThresholds } from '../threads/thread-thresholds.js';
import { isWasmBackend } from '../wasm-backend.js';
import { kernelDispatchCounts, resetKernelDispatchCounts } from './kernel-dispatch.js';
import { setWinogradSettings } from './winograd.js';

const DEFAULT_THRESHOLDS = { ...threadThresholds };

type Counters = { counts: () => Record<string, number>; reset: () => void };
const staticCounters: Counters = { counts: kernelDispatchCounts, reset: resetKernelDispatchCounts };
/** Paths proven reached, over both loaded copies of the package. */
const reached = new Set<string>();
/** Paths declared, over both loaded copies. */
const declared = new Set<string>();

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const input = (shape: number[], seed: number): KernelInput => ({ shape, values: seededValues(size(shape), seed) });
const ints = (shape: number[], seed: number): KernelInput => ({
  shape,
  values: Int32Array.from(seededValues(size(shape), seed), (v) => Math.round(v * 5)),
  dtype: 'int32',
});

interface Expectation {
  /** Compare with the cpu backend (default true); false where stock wasm itself rejects or differs. */
  compare?: boolean;
  /** The kernel is expected to throw (a shape error the stock kernel reports). */
  throws?: boolean;
}

/** Kernels that split big calls across the kernel pool (threaded build): `native…` paths gain a `native:threads…` twin. */
const THREADED_KERNELS = new Set([
  'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'BatchMatMul', 'FusedBatchNorm', 'Add', 'Sub', 'Multiply',
  'RealDiv', 'DigitkitReluGrad', 'DigitkitSquareGrad', 'DigitkitAdamUpdate', 'Conv2D', 'FusedConv2D', 'Sum', 'Mean',
  'DigitkitFusedBatchNormGrad',
]);
/** When set (threaded section, thresholds 0), native paths of the threaded kernels are expected in their split form. */
let expectThreaded = false;

/** `Kernel/native[:branch]` → `Kernel/native:threads[:branch]` for the kernels that split. */
function threadedKey(key: string): string {
  const slash = key.lastIndexOf('/');
  const kernel = key.slice(0, slash);
  const path = key.slice(slash + 1);
  if (!THREADED_KERNELS.has(kernel) || !path.startsWith('native')) return key;
  return `${kernel}/${path.replace(/^native/, 'native:threads')}`;
}

/** Runs `run`, then checks that `key` (and no other path of the same kernel) was taken. */
async function expectPath(counters: Counters, key: string, run: () => Promise<void> | void): Promise<void> {
  if (expectThreaded) key = threadedKey(key);
  counters.reset();
  await run();
  const counts = counters.counts();
  for (const name of Object.keys(counts)) declared.add(name);
  expect(counts[key], `${key} was not taken; counts: ${JSON.stringify(nonZero(counts))}`).toBeGreaterThan(0);
  const kernel = key.slice(0, key.lastIndexOf('/'));
  for (const [name, count] of Object.entries(counts)) {
    if (name !== key && name.startsWith(`${kernel}/`)) expect(count, `${name} taken instead of ${key}`).toBe(0);
  }
  reached.add(key);
}

function nonZero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, c]) => c > 0));
}

/** Runs one kernel on wasm (recording its path) and, unless told otherwise, compares it with cpu. */
async function kernelCase(
  counters: Counters,
  key: string,
  kernelName: string,
  inputs: Record<string, KernelInput>,
  attrs: Record<string, unknown>,
  expectation: Expectation = {},
): Promise<void> {
  let actual: { values: Float32Array; shape: number[] } | undefined;
  await expectPath(counters, key, async () => {
    const run = runKernelOn('wasm', kernelName, inputs, attrs as never);
    if (expectation.throws) await expect(run).rejects.toThrow();
    else actual = await run;
  });
  if (actual === undefined || expectation.compare === false) return;
  const reference = await runKernelOn('cpu', kernelName, inputs, attrs as never);
  expect(actual.shape, key).toEqual(reference.shape);
  expect(relativeError(actual.values, reference.values), key).toBeLessThanOrEqual(1e-4);
}

/** The geometry of a pooling case: x and dy of the right shapes. */
function pool(shape: [number, number, number, number], filterSize: [number, number], strides: [number, number], pad: 'valid' | 'same', seed: number) {
  const geometry = tf.backend_util.computePool2DInfo(shape, filterSize, strides, 1, pad);
  return { x: input(shape, seed), dy: input(geometry.outShape, seed + 1), attrs: { filterSize, strides, pad } };
}

/** Inputs of a Conv2DBackpropFilter/Input case. */
function convBackprop(x: [number, number, number, number], filter: [number, number, number, number], dataFormat: 'NHWC' | 'NCHW', seed: number) {
  const info = tf.backend_util.computeConv2DInfo(x, filter, 1, 1, 'same', undefined, false, dataFormat === 'NHWC' ? 'channelsLast' : 'channelsFirst');
  return {
    x: input(x, seed),
    dy: input(info.outShape, seed + 1),
    filter: input(filter, seed + 2),
    filterAttrs: { strides: 1, pad: 'same', dataFormat, filterShape: filter },
    inputAttrs: { strides: 1, pad: 'same', dataFormat, inputShape: x },
  };
}

/** Gradient of `f` at `x` on `backend`. */
async function gradientOn(backend: 'cpu' | 'wasm', f: (x: tf.Tensor) => tf.Tensor, x: KernelInput): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => tf.grad(f)(tf.tensor(x.values, x.shape)).dataSync() as Float32Array);
}

/** `sum(w ⊙ batchNorm(x, moments(x)))`, the training-mode BatchNorm of tfjs-layers. */
function batchNormLoss(shape: number[]) {
  const w = seededValues(size(shape), 7);
  const channels = shape[shape.length - 1];
  return (t: tf.Tensor) => {
    const { mean, variance } = tf.moments(t, shape.slice(0, -1).map((_, i) => i));
    const y = tf.batchNorm(t, mean, variance, tf.tensor1d(seededValues(channels, 8)), tf.add(tf.tensor1d(seededValues(channels, 9)), 1.5), 1e-3);
    return tf.sum(tf.mul(y, tf.tensor(w, shape)));
  };
}

async function gradientCase(counters: Counters, key: string, f: (x: tf.Tensor) => tf.Tensor, x: KernelInput, backend: 'cpu' | 'wasm' = 'wasm') {
  let actual: Float32Array | undefined;
  await expectPath(counters, key, async () => {
    actual = await gradientOn(backend, f, x);
  });
  const reference = await gradientOn('cpu', f, x);
  expect(relativeError(actual!, reference)).toBeLessThanOrEqual(1e-4);
}

const BINARY = ['Add', 'Sub', 'Multiply', 'RealDiv'] as const;

/** Cases whose path needs the native module; run on the plain build and (a subset) on the threaded one. */
async function nativeCases(c: Counters): Promise<void> {
  const nhwc = convBackprop([2, 7, 6, 3], [3, 3, 3, 5], 'NHWC', 1);
  await kernelCase(c, 'Conv2DBackpropFilter/native', 'Conv2DBackpropFilter', { x: nhwc.x, dy: nhwc.dy }, nhwc.filterAttrs);
  await kernelCase(c, 'Conv2DBackpropInput/native', 'Conv2DBackpropInput', { dy: nhwc.dy, filter: nhwc.filter }, nhwc.inputAttrs);
  // 3×3 stride 1 'same' (above: 3 → 5 channels, below the Winograd threshold, im2col); with 17 → 16 channels Winograd.
  const winograd = convBackprop([2, 7, 6, 17], [3, 3, 17, 16], 'NHWC', 4);
  await kernelCase(c, 'Conv2DBackpropInput/native:winograd', 'Conv2DBackpropInput', { dy: winograd.dy, filter: winograd.filter }, winograd.inputAttrs);
  const general = pool([2, 7, 8, 6], [3, 3], [1, 1], 'same', 10);
  await kernelCase(c, 'MaxPoolGrad/native:general', 'MaxPoolGrad', { dy: general.dy, input: general.x }, general.attrs);
  const tiled = pool([2, 9, 10, 8], [3, 3], [3, 3], 'valid', 12);
  await kernelCase(c, 'MaxPoolGrad/native:tiled', 'MaxPoolGrad', { dy: tiled.dy, input: tiled.x }, tiled.attrs);
  const tiled2 = pool([2, 6, 7, 8], [2, 2], [2, 2], 'valid', 14);
  await kernelCase(c, 'MaxPoolGrad/native:tiled-2x2', 'MaxPoolGrad', { dy: tiled2.dy, input: tiled2.x }, tiled2.attrs);
  await kernelCase(c, 'AvgPoolGrad/native:general', 'AvgPoolGrad', { dy: general.dy, input: general.x }, general.attrs);
  await kernelCase(c, 'AvgPoolGrad/native:tiled', 'AvgPoolGrad', { dy: tiled.dy, input: tiled.x }, tiled.attrs);
  for (const name of ['Sum', 'Mean']) {
    await kernelCase(c, `${name}/native`, name, { x: input([4, 5, 6, 7], 16) }, { axis: [0, 1, 2], keepDims: false });
  }
  await kernelCase(c, 'BatchMatMul/native', 'BatchMatMul', { a: input([2, 5, 7], 17), b: input([2, 9, 7], 18) }, { transposeA: false, transposeB: true });
  const channels = 8;
  const variance = input([channels], 19);
  variance.values = (variance.values as Float32Array).map((v) => v * v + 0.1);
  await kernelCase(c, 'FusedBatchNorm/native', 'FusedBatchNorm',
    { x: input([3, 4, 4, channels], 20), mean: input([channels], 21), variance, offset: input([channels], 22), scale: input([channels], 23) },
    { varianceEpsilon: 1e-3 });
  await kernelCase(c, 'Tile/native', 'Tile', { x: input([2, 1, 3], 24) }, { reps: [1, 4, 2] });
  for (const [index, name] of BINARY.entries()) {
    const row = input([8], 30 + index);
    row.values = (row.values as Float32Array).map((v) => v + 2);
    await kernelCase(c, `${name}/native:row-right`, name, { a: input([4, 3, 8], 40 + index), b: row }, {});
    await kernelCase(c, `${name}/native:row-left`, name, { a: row, b: input([4, 3, 8], 50 + index) }, {});
  }
  const shape = [3, 4, 4, 8];
  await gradientCase(c, 'FusedBatchNorm gradient/kernel', batchNormLoss(shape), input(shape, 60));
  await gradientCase(c, 'DigitkitFusedBatchNormGrad/native', batchNormLoss(shape), input(shape, 60));
  const relu = input([103], 61);
  relu.values[0] = 0;
  const reluLoss = (t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), tf.tensor(seededValues(103, 62))));
  const squareLoss = (t: tf.Tensor) => tf.sum(tf.mul(tf.square(t), tf.tensor(seededValues(103, 63))));
  await gradientCase(c, 'Relu gradient/kernel', reluLoss, relu);
  await gradientCase(c, 'DigitkitReluGrad/native', reluLoss, relu);
  await gradientCase(c, 'Square gradient/kernel', squareLoss, relu);
  await gradientCase(c, 'DigitkitSquareGrad/native', squareLoss, relu);
  await adamCase(c, 'Adam update/kernel', 'wasm');
  await adamCase(c, 'DigitkitAdamUpdate/native', 'wasm');
}

/** Two Adam steps on a [3, 37] variable: the weights after them on `backend`, checked against cpu. */
async function adamOn(backend: 'cpu' | 'wasm'): Promise<Float32Array> {
  await tf.setBackend(backend);
  const w = tf.variable(tf.tensor2d(seededValues(111, 70), [3, 37]));
  const optimizer = tf.train.adam(0.05);
  const target = tf.tensor2d(seededValues(111, 71), [3, 37]);
  for (let step = 0; step < 2; step++) optimizer.minimize(() => tf.sum(tf.square(tf.sub(w, target))));
  const values = w.dataSync() as Float32Array;
  tf.dispose([w, target]);
  optimizer.dispose();
  return values;
}

async function adamCase(counters: Counters, key: string, backend: 'cpu' | 'wasm') {
  let actual: Float32Array | undefined;
  await expectPath(counters, key, async () => {
    actual = await adamOn(backend);
  });
  expect(relativeError(actual!, await adamOn('cpu')), key).toBeLessThanOrEqual(1e-4);
}

describe('kernel dispatch on the single-threaded build', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    // Every call would be split if there were a pool: the plain build has none, so the single-thread paths run.
    setThreadThresholds({ minMultiplyAdds: 0, minElements: 0, minReducedElements: 0 });
  });

  afterAll(() => {
    setThreadThresholds(DEFAULT_THRESHOLDS);
  });

  it('the SIMD module loads: enableWasmTraining reports it compiled, the backend instantiates it', async () => {
    const info = enableWasmTraining();
    expect(info.native).toEqual({ state: 'compiled' });
    await kernelCase(staticCounters, 'Conv2D/native:im2col', 'Conv2D',
      { x: input([2, 9, 8, 8], 100), filter: input([3, 3, 8, 12], 101) }, { strides: [2, 1], pad: 'same', dataFormat: 'NHWC', dilations: 1 });
    expect(nativeKernelsStatus().plain).toEqual({ state: 'compiled' });
  });

  it('every native path runs (and matches cpu)', async () => {
    await nativeCases(staticCounters);
  });

  it('Conv2D and FusedConv2D: each GEMM path and each fallback', async () => {
    const c = staticCounters;
    const conv = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: 1 };
    const x = input([2, 7, 7, 40], 102);
    await kernelCase(c, 'Conv2D/native:direct-1x1', 'Conv2D', { x, filter: input([1, 1, 40, 9], 103) }, conv);
    await kernelCase(c, 'Conv2D/stock:small-patch', 'Conv2D', { x: input([2, 12, 12, 1], 104), filter: input([3, 3, 1, 8], 105) }, conv);
    await kernelCase(c, 'Conv2D/stock:not-float32-nhwc', 'Conv2D', { x: ints([2, 7, 7, 40], 106), filter: ints([1, 1, 40, 9], 107) }, conv, { compare: false });
    const filter = input([3, 3, 40, 6], 108);
    const bias = input([6], 109);
    await kernelCase(c, 'FusedConv2D/native:im2col', 'FusedConv2D', { x, filter, bias }, { ...conv, activation: 'relu' });
    await kernelCase(c, 'FusedConv2D/native:direct-1x1', 'FusedConv2D', { x, filter: input([1, 1, 40, 6], 110), bias }, { ...conv, activation: 'linear' });
    await kernelCase(c, 'FusedConv2D/stock:activation', 'FusedConv2D', { x, filter, bias }, { ...conv, activation: 'elu' });
    await kernelCase(c, 'FusedConv2D/stock:bias-shape', 'FusedConv2D', { x, filter, bias: input([1, 1, 1, 6], 111) }, { ...conv, activation: 'linear' }, { throws: true });
    await kernelCase(c, 'FusedConv2D/stock:small-patch', 'FusedConv2D', { x: input([2, 12, 12, 1], 104), filter: input([3, 3, 1, 8], 105) }, { ...conv, activation: 'relu' });
    await kernelCase(c, 'FusedConv2D/stock:not-float32-nhwc', 'FusedConv2D', { x: ints([2, 7, 7, 40], 106), filter: ints([1, 1, 40, 9], 107) }, { ...conv, activation: 'linear' }, { compare: false });
  });

  it('3×3 stride-1 convolutions take Winograd from the channel thresholds, im2col below them or turned off', async () => {
    const c = staticCounters;
    const same = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: 1 };
    const x = input([2, 7, 9, 9], 112);
    const filter = input([3, 3, 9, 10], 113);
    const bias = input([10], 114);
    await kernelCase(c, 'Conv2D/native:winograd', 'Conv2D', { x, filter }, same);
    await kernelCase(c, 'FusedConv2D/native:winograd', 'FusedConv2D', { x, filter, bias }, { ...same, activation: 'relu' });
    // Fallbacks to im2col: 6 output channels (below 8), stride 2, dilation 2, and Winograd turned off.
    await kernelCase(c, 'Conv2D/native:im2col', 'Conv2D', { x, filter: input([3, 3, 9, 6], 115) }, same);
    await kernelCase(c, 'Conv2D/native:im2col', 'Conv2D', { x, filter }, { ...same, strides: [2, 2] });
    await kernelCase(c, 'Conv2D/native:im2col', 'Conv2D', { x, filter }, { ...same, dilations: 2 });
    // The input gradient: 8 output channels (below 16) stays on im2col.
    const narrow = convBackprop([2, 7, 6, 17], [3, 3, 17, 8], 'NHWC', 117);
    await kernelCase(c, 'Conv2DBackpropInput/native', 'Conv2DBackpropInput', { dy: narrow.dy, filter: narrow.filter }, narrow.inputAttrs);
    const bp = convBackprop([2, 7, 6, 17], [3, 3, 17, 16], 'NHWC', 116);
    const previous = setWinogradSettings({ forwardMinChannels: Number.POSITIVE_INFINITY, backpropInputMinChannels: Number.POSITIVE_INFINITY });
    try {
      await kernelCase(c, 'FusedConv2D/native:im2col', 'FusedConv2D', { x, filter, bias }, { ...same, activation: 'relu' });
      await kernelCase(c, 'Conv2DBackpropInput/native', 'Conv2DBackpropInput', { dy: bp.dy, filter: bp.filter }, bp.inputAttrs);
    } finally {
      setWinogradSettings(previous);
    }
  });

  it('every other fallback takes the stock kernel (or the loop form) for its reason', async () => {
    const c = staticCounters;
    const nchw = convBackprop([2, 3, 7, 6], [3, 3, 3, 5], 'NCHW', 120);
    await kernelCase(c, 'Conv2DBackpropFilter/loop:not-float32-nhwc', 'Conv2DBackpropFilter', { x: nchw.x, dy: nchw.dy }, nchw.filterAttrs);
    await kernelCase(c, 'Conv2DBackpropInput/stock:not-float32-nhwc', 'Conv2DBackpropInput', { dy: nchw.dy, filter: nchw.filter }, nchw.inputAttrs);
    const general = pool([2, 7, 8, 6], [3, 3], [1, 1], 'same', 122);
    const intPool = { dy: ints(general.dy.shape, 124), input: ints(general.x.shape, 125) };
    await kernelCase(c, 'MaxPoolGrad/loop:not-float32', 'MaxPoolGrad', intPool, general.attrs);
    await kernelCase(c, 'AvgPoolGrad/stock:not-float32', 'AvgPoolGrad', intPool, general.attrs, { compare: false });
    for (const name of ['Sum', 'Mean']) {
      await kernelCase(c, `${name}/stock:not-float32`, name, { x: ints([4, 5, 6], 126) }, { axis: [0, 1], keepDims: false });
      await kernelCase(c, `${name}/stock:not-leading-axes`, name, { x: input([4, 5, 6, 7], 127) }, { axis: [1, 2], keepDims: true });
    }
    // Stock wasm 4.22 rejects non-float32 BatchMatMul itself ('not yet supported'): the guard hands it over.
    await kernelCase(c, 'BatchMatMul/stock:not-float32', 'BatchMatMul', { a: ints([2, 5, 7], 128), b: ints([2, 7, 3], 129) }, { transposeA: false, transposeB: false }, { throws: true });
    await kernelCase(c, 'BatchMatMul/stock:rank-below-2', 'BatchMatMul', { a: input([7], 130), b: input([7, 3], 131) }, { transposeA: false, transposeB: false }, { compare: false, throws: true });
    await kernelCase(c, 'BatchMatMul/stock:other-broadcast', 'BatchMatMul', { a: input([2, 1, 6, 4], 132), b: input([1, 3, 4, 5], 133) }, { transposeA: false, transposeB: false });
    await kernelCase(c, 'BatchMatMul/stock:inner-mismatch', 'BatchMatMul', { a: input([2, 5, 7], 134), b: input([2, 6, 3], 135) }, { transposeA: false, transposeB: false }, { throws: true });
    await kernelCase(c, 'FusedBatchNorm/stock:not-per-channel', 'FusedBatchNorm',
      { x: input([3, 4, 4, 8], 136), mean: input([1, 1, 1, 8], 137), variance: { shape: [1, 1, 1, 8], values: new Float32Array(8).fill(0.5) } },
      { varianceEpsilon: 1e-3 });
    await kernelCase(c, 'Identity/shared-buffer', 'Identity', { x: input([3, 4], 138) }, {});
    await kernelCase(c, 'Cast/shared-buffer', 'Cast', { x: input([3, 4], 139) }, { dtype: 'float32' });
    await kernelCase(c, 'Cast/stock:conversion', 'Cast', { x: input([3, 4], 140) }, { dtype: 'int32' });
    await expectPath(c, 'Tile/stock:dtype', async () => {
      await tf.setBackend('wasm');
      const b = tf.tensor([true, false], [2], 'bool');
      const y = tf.tile(b, [3]);
      expect(Array.from(await y.data())).toEqual([1, 0, 1, 0, 1, 0]);
      tf.dispose([b, y]);
    });
    await kernelCase(c, 'Tile/stock:scalar-or-reps', 'Tile', { x: { shape: [], values: Float32Array.of(3) } }, { reps: [] });
    for (const [index, name] of BINARY.entries()) {
      const row = input([8], 150 + index);
      row.values = (row.values as Float32Array).map((v) => v + 2);
      await kernelCase(c, `${name}/stock:not-float32`, name, { a: ints([4, 8], 160 + index), b: { ...ints([8], 170 + index), values: Int32Array.from({ length: 8 }, (_, i) => i + 1) } }, {});
      await kernelCase(c, `${name}/stock:same-size`, name, { a: input([4, 8], 180 + index), b: { ...input([4, 8], 190 + index), values: input([4, 8], 190 + index).values.map((v) => v + 2) } }, {});
      await kernelCase(c, `${name}/stock:not-row-broadcast`, name, { a: input([4, 3], 200 + index), b: { shape: [3], values: Float32Array.of(2, 3, 4) } }, {});
    }
  });

  it('gradients off the fast path call tfjs-core; the Mean gradient broadcasts', async () => {
    const c = staticCounters;
    const shape = [3, 4, 4, 8];
    await gradientCase(c, 'FusedBatchNorm gradient/tfjs-core', batchNormLoss(shape), input(shape, 60), 'cpu');
    const x = input([103], 61);
    await gradientCase(c, 'Relu gradient/tfjs-core', (t) => tf.sum(tf.mul(tf.relu(t), tf.tensor(seededValues(103, 62)))), x, 'cpu');
    await gradientCase(c, 'Square gradient/tfjs-core', (t) => tf.sum(tf.mul(tf.square(t), tf.tensor(seededValues(103, 63)))), x, 'cpu');
    await adamCase(c, 'Adam update/tfjs-core', 'cpu');
    await gradientCase(c, 'Mean gradient/broadcast', (t) => tf.sum(tf.mul(tf.mean(tf.reshape(t, [1, 103]), 0), 3)), x);
  });

  it('fast: false runs the loop forms of the missing kernels', async () => {
    enableWasmTraining({ fast: false });
    try {
      const nhwc = convBackprop([2, 7, 6, 3], [3, 3, 3, 5], 'NHWC', 210);
      await kernelCase(staticCounters, 'Conv2DBackpropFilter/loop', 'Conv2DBackpropFilter', { x: nhwc.x, dy: nhwc.dy }, nhwc.filterAttrs);
      const depthwise = tf.backend_util.computeConv2DInfo([2, 7, 7, 3], [3, 3, 3, 2], 1, 1, 'same', undefined, true);
      const x = input([2, 7, 7, 3], 211);
      const dy = input(depthwise.outShape, 212);
      const filter = input([3, 3, 3, 2], 213);
      const common = { strides: 1, pad: 'same', dilations: 1 };
      await kernelCase(staticCounters, 'DepthwiseConv2dNativeBackpropFilter/loop', 'DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...common, filterShape: [3, 3, 3, 2] });
      await kernelCase(staticCounters, 'DepthwiseConv2dNativeBackpropInput/loop', 'DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...common, inputShape: [2, 7, 7, 3] });
    } finally {
      enableWasmTraining();
    }
  });
});

describe('kernel dispatch when the SIMD module does not compile', () => {
  let fresh: Counters;
  let freshEnable: typeof enableWasmTraining;
  let freshStatus: typeof nativeKernelsStatus;
  let freshInfo: ReturnType<typeof enableWasmTraining>;
  let batchNormGradient: tf.GradConfig | undefined;
  let warn: ReturnType<typeof vi.spyOn>;
  const compositeShape = [3, 4, 4, 8];
  const compositeInput = input(compositeShape, 340);
  let compositeReference: Float32Array;

  beforeAll(async () => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await tf.setBackend('wasm');
    // Give the stock kernels and gradients back, then load a second copy of the package whose embedded binary is
    // not WebAssembly (what an engine without SIMD128 sees: a CompileError).
    enableWasmTraining({ fast: false });
    batchNormGradient = tf.getGradient('FusedBatchNorm');
    // The independent truth for the composite gradient: tfjs-core's own gradient on cpu.
    compositeReference = await gradientOn('cpu', batchNormLoss(compositeShape), compositeInput);
    vi.doMock('../native/kernels-wasm.js', () => ({ KERNELS_WASM_BASE64: 'AGFzbQEAAAAB', KERNELS_SHARED_WASM_BASE64: 'AGFzbQEAAAAB' }));
    vi.resetModules();
    const dispatch = await import('./kernel-dispatch.js');
    fresh = { counts: dispatch.kernelDispatchCounts, reset: dispatch.resetKernelDispatchCounts };
    freshEnable = (await import('../enable-wasm-training.js')).enableWasmTraining;
    freshStatus = (await import('../native/native-module.js')).nativeKernelsStatus;
    // No tfjs-core FusedBatchNorm gradient to delegate to: the replacement computes the same derivatives itself.
    tf.unregisterGradient('FusedBatchNorm');
    freshInfo = freshEnable();
  });

  afterAll(() => {
    warn.mockRestore();
    vi.doUnmock('../native/kernels-wasm.js');
    freshEnable({ fast: false });
    if (batchNormGradient !== undefined && tf.getGradient('FusedBatchNorm') === undefined) tf.registerGradient(batchNormGradient);
    enableWasmTraining();
  });

  it('reports the load failure (UnsupportedEnvironmentError, the CompileError as cause) and warns once', () => {
    const info = freshInfo;
    expect(info.native.state).toBe('failed');
    const error = info.native.error;
    expect(DigitKitError.isInstance(error)).toBe(true);
    expect(error?.name).toBe('UnsupportedEnvironmentError');
    expect(error?.cause).toBeInstanceOf(WebAssembly.CompileError);
    expect(error?.message).toMatch(/^enableWasmTraining: expected the SIMD kernels to load/);
    expect(freshStatus().plain.state).toBe('failed');
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('every kernel falls back for lack of the module, with cpu results', async () => {
    const c = fresh;
    const nhwc = convBackprop([2, 7, 6, 3], [3, 3, 3, 5], 'NHWC', 300);
    await kernelCase(c, 'Conv2DBackpropFilter/loop:no-native', 'Conv2DBackpropFilter', { x: nhwc.x, dy: nhwc.dy }, nhwc.filterAttrs);
    await kernelCase(c, 'Conv2DBackpropInput/stock:no-native', 'Conv2DBackpropInput', { dy: nhwc.dy, filter: nhwc.filter }, nhwc.inputAttrs);
    const tiled = pool([2, 6, 6, 8], [2, 2], [2, 2], 'valid', 302);
    await kernelCase(c, 'MaxPoolGrad/loop:no-native', 'MaxPoolGrad', { dy: tiled.dy, input: tiled.x }, tiled.attrs);
    const same = pool([2, 7, 8, 6], [3, 3], [1, 1], 'same', 303);
    await kernelCase(c, 'MaxPoolGrad/loop:no-native', 'MaxPoolGrad', { dy: same.dy, input: same.x }, same.attrs);
    await kernelCase(c, 'AvgPoolGrad/stock:no-native', 'AvgPoolGrad', { dy: tiled.dy, input: tiled.x }, tiled.attrs);
    for (const name of ['Sum', 'Mean']) {
      await kernelCase(c, `${name}/stock:no-native`, name, { x: input([4, 5, 6, 7], 304) }, { axis: [0, 1, 2], keepDims: false });
    }
    await kernelCase(c, 'BatchMatMul/stock:no-native', 'BatchMatMul', { a: input([2, 5, 7], 305), b: input([2, 7, 9], 306) }, { transposeA: false, transposeB: false });
    const variance = { shape: [8], values: new Float32Array(8).fill(0.5) };
    await kernelCase(c, 'FusedBatchNorm/stock:no-native', 'FusedBatchNorm', { x: input([3, 4, 4, 8], 307), mean: input([8], 308), variance }, { varianceEpsilon: 1e-3 });
    await kernelCase(c, 'Tile/stock:no-native', 'Tile', { x: input([2, 1, 3], 309) }, { reps: [1, 4, 2] });
    for (const [index, name] of BINARY.entries()) {
      const row = input([8], 310 + index);
      row.values = (row.values as Float32Array).map((v) => v + 2);
      await kernelCase(c, `${name}/stock:no-native`, name, { a: input([4, 3, 8], 320 + index), b: row }, {});
    }
    const conv = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: 1 };
    await kernelCase(c, 'Conv2D/stock:no-native', 'Conv2D', { x: input([2, 7, 7, 40], 330), filter: input([3, 3, 40, 6], 331) }, conv);
    await kernelCase(c, 'FusedConv2D/stock:no-native', 'FusedConv2D', { x: input([2, 7, 7, 40], 330), filter: input([3, 3, 40, 6], 331), bias: input([6], 332) }, { ...conv, activation: 'relu' });
    let actual: Float32Array | undefined;
    await expectPath(c, 'FusedBatchNorm gradient/composite', async () => {
      actual = await gradientOn('wasm', batchNormLoss(compositeShape), compositeInput);
    });
    expect(relativeError(actual!, compositeReference)).toBeLessThanOrEqual(1e-4);
  });
});

describe('kernel dispatch on the threaded build (shared memory)', () => {
  beforeAll(async () => {
    // enableWasmThreads must come before the wasm backend's first initialisation: drop the initialised plain
    // backend, register its factory again (uninitialised), then let enableWasmThreads swap it.
    const plainFactory = tf.findBackendFactory('wasm');
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', plainFactory!, 2);
    enableWasmThreads({ threads: 2 });
    expect(await tf.setBackend('wasm')).toBe(true);
    enableWasmTraining();
  });

  afterAll(() => {
    expectThreaded = false;
    setThreadThresholds(DEFAULT_THRESHOLDS);
    // Terminates the pthread workers and the kernel workers so the test process can exit.
    tf.removeBackend('wasm');
  });

  it('the kernel pool started with the backend', () => {
    const backend: object = tf.engine().backend;
    expect(isWasmBackend(backend) && kernelPoolOf(backend)?.threads).toBe(2);
  });

  it('calls below the thresholds run on the calling thread; Conv2D stays on multi-threaded XNNPACK', async () => {
    setThreadThresholds({ minMultiplyAdds: Infinity, minElements: Infinity, minReducedElements: Infinity });
    await nativeCases(staticCounters);
    expect(nativeKernelsStatus().shared).toEqual({ state: 'compiled' });
    const conv = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: 1 };
    const x = input([2, 7, 7, 40], 400);
    const filter = input([3, 3, 40, 6], 401);
    await kernelCase(staticCounters, 'Conv2D/stock:shared-memory', 'Conv2D', { x, filter }, conv);
    await kernelCase(staticCounters, 'FusedConv2D/stock:shared-memory', 'FusedConv2D', { x, filter, bias: input([6], 402) }, { ...conv, activation: 'relu' });
  });

  it('above the thresholds every splitting kernel takes its threaded path (and matches cpu)', async () => {
    setThreadThresholds({ minMultiplyAdds: 0, minElements: 0, minReducedElements: 0 });
    expectThreaded = true;
    try {
      await nativeCases(staticCounters);
      const c = staticCounters;
      const conv = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: 1 };
      const x = input([3, 7, 7, 40], 403);
      const bias = input([6], 404);
      await kernelCase(c, 'Conv2D/native:im2col', 'Conv2D', { x, filter: input([3, 3, 40, 6], 405) }, conv);
      await kernelCase(c, 'Conv2D/native:direct-1x1', 'Conv2D', { x, filter: input([1, 1, 40, 6], 406) }, conv);
      await kernelCase(c, 'FusedConv2D/native:im2col', 'FusedConv2D', { x, filter: input([3, 3, 40, 6], 405), bias }, { ...conv, activation: 'relu' });
      await kernelCase(c, 'FusedConv2D/native:direct-1x1', 'FusedConv2D', { x, filter: input([1, 1, 40, 6], 406), bias }, { ...conv, activation: 'linear' });
      const wx = input([3, 7, 9, 9], 408);
      await kernelCase(c, 'Conv2D/native:winograd', 'Conv2D', { x: wx, filter: input([3, 3, 9, 10], 409) }, { ...conv, pad: 'same' });
      await kernelCase(c, 'FusedConv2D/native:winograd', 'FusedConv2D', { x: wx, filter: input([3, 3, 9, 10], 409), bias: input([10], 410) }, { ...conv, activation: 'relu' });
      // One image cannot be split by batch slices: the single-thread path runs.
      expectThreaded = false;
      const single = convBackprop([1, 7, 6, 3], [3, 3, 3, 5], 'NHWC', 407);
      await kernelCase(c, 'Conv2DBackpropFilter/native', 'Conv2DBackpropFilter', { x: single.x, dy: single.dy }, single.filterAttrs);
      await kernelCase(c, 'Conv2DBackpropInput/native', 'Conv2DBackpropInput', { dy: single.dy, filter: single.filter }, single.inputAttrs);
      const singleWinograd = convBackprop([1, 7, 6, 17], [3, 3, 17, 16], 'NHWC', 411);
      await kernelCase(c, 'Conv2DBackpropInput/native:winograd', 'Conv2DBackpropInput', { dy: singleWinograd.dy, filter: singleWinograd.filter }, singleWinograd.inputAttrs);
    } finally {
      expectThreaded = false;
    }
  });
});

describe('dispatch coverage', () => {
  it('every declared path of every kernel and gradient replacement was reached by a case above', () => {
    for (const name of Object.keys(kernelDispatchCounts())) declared.add(name);
    const missed = [...declared].filter((key) => !reached.has(key)).sort();
    expect(missed).toEqual([]);
    expect(reached.size).toBeGreaterThan(80);
  });
});
