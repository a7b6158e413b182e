/**
 * The threaded paths against the cpu backend: the threaded build with this package's kernel pool (2 threads),
 * split thresholds at 0 so every call of the shared kernel test grids (test-support/kernel-cases.ts) is split
 * wherever it can be, each result within 1e-4 of cpu (relative), each split proven by the dispatch counters;
 * a few training steps of a small BatchNorm CNN match cpu; no tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { expectNoTensorLeak } from '@digitkit/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convBackpropGrid, convs, matmuls, norms, pools, broadcasts, reductions } from '../../test-support/kernel-cases.js';
import { relativeError, runKernelOn, seededValues, type KernelInput } from '../../test-support/kernel-check.js';
import { enableWasmTraining } from '../enable-wasm-training.js';
import { leadingAxesCount } from '../kernels/leading-axes-reduce.js';
import { kernelDispatchCounts, resetKernelDispatchCounts } from '../kernels/kernel-dispatch.js';
import { enableWasmThreads } from '../node/enable-wasm-threads.js';
import { isWasmBackend } from '../wasm-backend.js';
import { kernelPoolOf } from './kernel-pool.js';
import { setThreadThresholds, threadThresholds } from './thread-thresholds.js';

const DEFAULT_THRESHOLDS = { ...threadThresholds };
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const input = (shape: number[], seed: number): KernelInput => ({ shape, values: seededValues(size(shape), seed) });

/** Threaded calls recorded since the last reset. */
function threadedCalls(): number {
  return Object.entries(kernelDispatchCounts())
    .filter(([key]) => key.includes('/native:threads'))
    .reduce((sum, [, count]) => sum + count, 0);
}

/** Runs `kernelName` on wasm and cpu; the wasm result must be within 1e-4 of cpu. Returns the threaded calls. */
async function check(kernelName: string, inputs: Record<string, KernelInput>, attrs: Record<string, unknown>, label: string): Promise<number> {
  resetKernelDispatchCounts();
  const actual = await runKernelOn('wasm', kernelName, inputs, attrs as never);
  const split = threadedCalls();
  const reference = await runKernelOn('cpu', kernelName, inputs, attrs as never);
  expect(actual.shape, label).toEqual(reference.shape);
  expect(relativeError(actual.values, reference.values), label).toBeLessThanOrEqual(1e-4);
  return split;
}

beforeAll(async () => {
  enableWasmThreads({ threads: 2 });
  expect(await tf.setBackend('wasm')).toBe(true);
  enableWasmTraining();
  setThreadThresholds({ minMultiplyAdds: 0, minElements: 0, minReducedElements: 0 });
});

afterAll(() => {
  setThreadThresholds(DEFAULT_THRESHOLDS);
  tf.removeBackend('wasm'); // ends the pthread and kernel workers
});

describe('threaded kernels (kernel pool of 2 threads, every call split)', () => {
  it('the pool is ready with the backend', () => {
    const backend: object = tf.engine().backend;
    expect(isWasmBackend(backend) && kernelPoolOf(backend)?.threads).toBe(2);
  });

  it('Conv2DBackpropFilter and Conv2DBackpropInput over the convolution grid match cpu', async () => {
    let split = 0;
    const cases = convBackpropGrid().filter((c) => c.dataFormat === 'NHWC');
    for (const [i, c] of cases.entries()) {
      const xShape = [c.batch, ...c.size, c.inChannels];
      const filterShape = [...c.filter, c.inChannels, c.outChannels] as [number, number, number, number];
      const info = tf.backend_util.computeConv2DInfo(xShape as never, filterShape, c.strides, c.dilations, c.pad as never);
      const x = input(xShape, 10 + i);
      const dy = input(info.outShape, 200 + i);
      const filter = input(filterShape, 400 + i);
      const common = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
      const label = JSON.stringify(c);
      split += await check('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape }, `filter ${label}`);
      split += await check('Conv2DBackpropInput', { dy, filter }, { ...common, inputShape: xShape }, `input ${label}`);
    }
    // Every case with at least two images is split (one image, or none, runs on the calling thread).
    expect(split).toBe(2 * cases.filter((c) => c.batch >= 2).length);
  });

  it('Conv2D and FusedConv2D (bias + relu) over the forward grid match cpu', async () => {
    let split = 0;
    let eligible = 0;
    for (const [i, c] of convs.entries()) {
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: c.dilations };
      const x = input(c.x, 600 + i);
      const filter = input(c.filter, 620 + i);
      split += await check('Conv2D', { x, filter }, attrs, `conv ${JSON.stringify(c)}`);
      split += await check('FusedConv2D', { x, filter, bias: input([c.filter[3]], 640 + i) }, { ...attrs, activation: 'relu' }, `fused ${JSON.stringify(c)}`);
      if (c.x[0] >= 2 && c.filter[0] * c.filter[1] * c.filter[2] >= 32) eligible += 2;
    }
    expect(split).toBe(eligible);
  });

  it('BatchMatMul over the matrix grid (all transposes) matches cpu, bit for bit with the single-thread GEMM', async () => {
    let split = 0;
    for (const [i, c] of matmuls.entries()) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const t = (shape: number[], flip: boolean) => (flip ? [...shape.slice(0, -2), shape[shape.length - 1]!, shape[shape.length - 2]!] : shape);
          const a = input(t(c.a, transposeA), 700 + i);
          const b = input(t(c.b, transposeB), 720 + i);
          split += await check('BatchMatMul', { a, b }, { transposeA, transposeB }, `matmul ${JSON.stringify(c)} ${transposeA} ${transposeB}`);
        }
      }
    }
    expect(split).toBeGreaterThan(20);
    // Row and column splits keep every element's summation order: the same bits as one thread.
    const a = input([130, 40], 740);
    const b = input([40, 600], 741);
    const threaded = await runKernelOn('wasm', 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
    setThreadThresholds({ minMultiplyAdds: Infinity });
    const single = await runKernelOn('wasm', 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
    setThreadThresholds({ minMultiplyAdds: 0 });
    expect(threaded.values).toEqual(single.values);
  });

  it('MaxPoolGrad over the pooling grid matches cpu', async () => {
    let split = 0;
    for (const [i, c] of pools.entries()) {
      const geometry = tf.backend_util.computePool2DInfo(c.shape, c.filterSize, c.strides, 1, c.pad);
      const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad };
      split += await check('MaxPoolGrad', { dy: input(geometry.outShape, 800 + i), input: input(c.shape, 820 + i) }, attrs, `pool ${JSON.stringify(c)}`);
    }
    expect(split).toBe(pools.filter((c) => c.shape[0] >= 2).length);
  });

  it('row-broadcast Add/Sub/Multiply/RealDiv and FusedBatchNorm match cpu', async () => {
    let split = 0;
    for (const [i, c] of broadcasts.entries()) {
      const b = input(c.b, 900 + i);
      b.values = (b.values as Float32Array).map((v) => v + 2); // no division by ~0
      for (const name of ['Add', 'Sub', 'Multiply', 'RealDiv']) {
        split += await check(name, { a: input(c.a, 920 + i), b }, {}, `${name} ${JSON.stringify(c)}`);
      }
    }
    expect(split).toBeGreaterThan(10);
    for (const [i, c] of norms.entries()) {
      const channels = c.shape[c.shape.length - 1]!;
      const variance = input([channels], 960 + i);
      variance.values = (variance.values as Float32Array).map((v) => v * v + 0.1);
      const inputs: Record<string, KernelInput> = { x: input(c.shape, 970 + i), mean: input([channels], 980 + i), variance };
      if (c.offset) inputs.offset = input([channels], 990 + i);
      if (c.scale) inputs.scale = input([channels], 995 + i);
      expect(await check('FusedBatchNorm', inputs, { varianceEpsilon: c.epsilon }, `norm ${JSON.stringify(c)}`)).toBe(1);
    }
  });

  it('leading-axis Sum and Mean over the reduction grid match cpu, split by column blocks, bit for bit with one thread', async () => {
    let split = 0;
    let eligible = 0;
    for (const [i, c] of reductions.entries()) {
      for (const name of ['Sum', 'Mean']) {
        split += await check(name, { x: input(c.shape, 1000 + i) }, { axis: c.axis, keepDims: false }, `${name} ${JSON.stringify(c)}`);
        const axes = tf.util.parseAxisParam(c.axis, c.shape);
        const leading = leadingAxesCount(axes, c.shape.length);
        if (leading > 0 && size(c.shape.slice(leading)) >= 2) eligible++;
      }
    }
    expect(split).toBe(eligible);
    // Each column keeps its single-thread summation order.
    const x = input([3, 4, 64], 1020);
    const threaded = await runKernelOn('wasm', 'Sum', { x }, { axis: [0, 1], keepDims: false });
    setThreadThresholds({ minReducedElements: Infinity });
    const single = await runKernelOn('wasm', 'Sum', { x }, { axis: [0, 1], keepDims: false });
    setThreadThresholds({ minReducedElements: 0 });
    expect(threaded.values).toEqual(single.values);
  });

  it('the BatchNorm gradient (DigitkitFusedBatchNormGrad) over the BatchNorm grid matches cpu, split by channel blocks', async () => {
    for (const [i, c] of norms.entries()) {
      const channels = c.shape[c.shape.length - 1]!;
      const label = `norm gradient ${JSON.stringify(c)}`;
      // Gradients of sum(w ⊙ batchNorm(x, moments(x))) with respect to x, scale and offset (training-mode BatchNorm).
      const gradients = () => tf.tidy(() => {
        const x = tf.tensor(input(c.shape, 1040 + i).values as Float32Array, c.shape);
        const w = tf.tensor(input(c.shape, 1050 + i).values as Float32Array, c.shape);
        const scale = tf.add(tf.tensor1d(input([channels], 1060 + i).values as Float32Array), 1.5);
        const offset = tf.tensor1d(input([channels], 1070 + i).values as Float32Array);
        const axes = c.shape.slice(0, -1).map((_, d) => d);
        return tf.grads((xx: tf.Tensor, ss: tf.Tensor, oo: tf.Tensor) => {
          const { mean, variance } = tf.moments(xx, axes);
          return tf.sum(tf.mul(tf.batchNorm(xx, mean, variance, oo, ss, c.epsilon), w));
        })([x, scale, offset]).map((g) => Float32Array.from(g.dataSync()));
      });
      await tf.setBackend('cpu');
      const expected = gradients();
      await tf.setBackend('wasm');
      resetKernelDispatchCounts();
      const actual = await expectNoTensorLeak(gradients);
      expect(kernelDispatchCounts()['DigitkitFusedBatchNormGrad/native:threads'], label).toBe(1);
      for (let g = 0; g < expected.length; g++) {
        expect(relativeError(actual[g]!, expected[g]!), `${label} gradient ${g}`).toBeLessThanOrEqual(1e-4);
      }
    }
  });
});

/** A small BatchNorm CNN (seeded), big enough that its convolutions have several images per thread. */
function createModel(): tfl.Sequential {
  let seed = 1;
  const kernelInitializer = () => tfl.initializers.glorotUniform({ seed: seed++ });
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [14, 14, 1], filters: 8, kernelSize: 3, useBias: false, kernelInitializer: kernelInitializer() }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 16, kernelSize: 3, useBias: false, kernelInitializer: kernelInitializer() }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 24, activation: 'relu', kernelInitializer: kernelInitializer() }));
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: kernelInitializer() }));
  // ε = 1e-3 as in src/training-steps.test.ts: with |gradient| ≈ ε Adam amplifies summation-order differences.
  model.compile({ optimizer: tf.train.adam(0.01, 0.9, 0.999, 1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

const BATCH = 16;

async function train(backend: 'cpu' | 'wasm', initial: Float32Array[]): Promise<{ losses: number[]; weights: Float32Array[] }> {
  await tf.setBackend(backend);
  const model = createModel();
  model.setWeights(initial.map((values, i) => tf.tensor(values, model.getWeights()[i]!.shape)));
  const xs = tf.tensor4d(seededValues(BATCH * 14 * 14, 3).map((v) => (v + 1) / 2), [BATCH, 14, 14, 1]);
  const ys = tf.oneHot(tf.tensor1d(Int32Array.from({ length: BATCH }, (_, i) => (i * 3) % 10), 'int32'), 10);
  const losses: number[] = [];
  for (let step = 0; step < 3; step++) losses.push((await model.trainOnBatch(xs, ys)) as number);
  const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  tf.dispose([xs, ys]);
  model.dispose();
  return { losses, weights };
}

describe('training on the kernel pool', () => {
  it('three Adam steps of a small BatchNorm CNN match cpu, each weight on its own; the step splits its kernels', async () => {
    await tf.setBackend('cpu');
    const initialModel = createModel();
    const initial = initialModel.getWeights().map((w) => Float32Array.from(w.dataSync()));
    initialModel.dispose();
    const reference = await train('cpu', initial);
    resetKernelDispatchCounts();
    const actual = await train('wasm', initial);
    const counts = kernelDispatchCounts();
    for (const key of [
      'Conv2DBackpropFilter/native:threads', 'Conv2DBackpropInput/native:threads', 'BatchMatMul/native:threads', 'DigitkitAdamUpdate/native:threads',
      'DigitkitFusedBatchNormGrad/native:threads', 'Mean/native:threads',
    ]) {
      expect(counts[key], key).toBeGreaterThan(0);
    }
    expect(relativeError(actual.losses, reference.losses)).toBeLessThanOrEqual(1e-4);
    for (let i = 0; i < reference.weights.length; i++) {
      const expected = reference.weights[i]!.map((v, j) => v - initial[i]![j]!);
      const got = actual.weights[i]!.map((v, j) => v - initial[i]![j]!);
      const scale = Math.max(...expected.map(Math.abs));
      const tolerance = Math.max(1e-4 * scale, 1e-6 * Math.max(...reference.weights[i]!.map(Math.abs)));
      expect(Math.max(...got.map((v, j) => Math.abs(v - expected[j]!))), `weight ${i}`).toBeLessThanOrEqual(tolerance);
    }
  });

  it('a threaded training step leaks no tensors', async () => {
    await tf.setBackend('wasm');
    const model = createModel();
    const xs = tf.randomUniform([BATCH, 14, 14, 1]);
    const ys = tf.oneHot(tf.tensor1d(Int32Array.from({ length: BATCH }, (_, i) => i % 10), 'int32'), 10);
    await model.trainOnBatch(xs, ys);
    await expectNoTensorLeak(async () => {
      await model.trainOnBatch(xs, ys);
    });
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
