import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { enableWasmTraining } from '../index.js';
import { enableWasmThreads } from './enable-wasm-threads.js';

/** Computes `fn` on the cpu backend (the independent reference) and returns plain numbers. */
async function onCpu(fn: () => tf.Tensor): Promise<Float32Array> {
  const previous = tf.getBackend();
  await tf.setBackend('cpu');
  const result = tf.tidy(fn).dataSync() as Float32Array;
  await tf.setBackend(previous);
  return result;
}

describe('enableWasmThreads', () => {
  afterAll(() => {
    // Terminates the pthread workers so the test process can exit.
    tf.removeBackend('wasm');
  });

  it('rejects bad thread counts before doing anything', () => {
    expect(() => enableWasmThreads({ threads: 0 })).toThrow(RangeError);
    expect(() => enableWasmThreads({ threads: 9 })).toThrow(/1\.\.8, got 9/);
    expect(() => enableWasmThreads({ threads: 1.5 })).toThrow(TypeError);
    expect(() => enableWasmThreads({ kernelThreads: 0 })).toThrow(/options\.kernelThreads in 1\.\.8, got 0/);
    expect(() => enableWasmThreads({ xnnpackThreads: 2.5 })).toThrow(TypeError);
    expect(() => enableWasmThreads({ thread: 2 } as never)).toThrow(/thread/);
  });

  it('defaults: the kernel pool on `threads`, XNNPACK on 1 while the pool runs', () => {
    expect(enableWasmThreads({ threads: 2 })).toMatchObject({ threads: 2, kernelThreads: 2, xnnpackThreads: 1 });
    expect(enableWasmThreads({ threads: 2, kernelThreads: 1 })).toMatchObject({ kernelThreads: 1, xnnpackThreads: 2 });
  });

  it('runs the threaded build with the requested pool size and matches the cpu backend', async () => {
    // Both pools on 2 threads here (the previous calls only registered factories; this one is used).
    const info = enableWasmThreads({ threads: 2, xnnpackThreads: 2 });
    expect(info).toMatchObject({ threads: 2, kernelThreads: 2, xnnpackThreads: 2 });
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(getThreadsCount()).toBe(2);

    const x = tf.tensor4d(Float32Array.from({ length: 2 * 9 * 9 * 3 }, (_, i) => Math.sin(i)), [2, 9, 9, 3]);
    const filter = tf.tensor4d(Float32Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.cos(i)), [3, 3, 3, 4]);
    const a = tf.tensor2d(Float32Array.from({ length: 64 * 48 }, (_, i) => Math.sin(i * 0.1)), [64, 48]);
    const conv = () => tf.conv2d(x, filter, 1, 'same');
    const matMul = () => tf.matMul(a, a, false, true);
    const wasmConv = tf.tidy(conv).dataSync();
    const wasmMatMul = tf.tidy(matMul).dataSync();
    const cpuConv = await onCpu(conv);
    const cpuMatMul = await onCpu(matMul);
    for (let i = 0; i < cpuConv.length; i++) expect(wasmConv[i]).toBeCloseTo(cpuConv[i], 4);
    for (let i = 0; i < cpuMatMul.length; i++) expect(wasmMatMul[i]).toBeCloseTo(cpuMatMul[i], 3);
    tf.dispose([x, filter, a]);
  });

  it("runs this package's training kernels on the threaded build (shared memory) like the cpu backend", async () => {
    enableWasmTraining();
    expect(tf.getBackend()).toBe('wasm');
    // Gradients of a conv → relu → max-pool → batch-norm-like chain with respect to input and filter.
    const x = tf.tensor4d(Float32Array.from({ length: 3 * 10 * 10 * 2 }, (_, i) => Math.sin(i * 0.7)), [3, 10, 10, 2]);
    const filter = tf.tensor4d(Float32Array.from({ length: 3 * 3 * 2 * 5 }, (_, i) => Math.cos(i * 0.3)), [3, 3, 2, 5]);
    const loss = (input: tf.Tensor4D, kernel: tf.Tensor4D) => {
      const y = tf.maxPool(tf.relu(tf.conv2d(input, kernel, [2, 1], 'same')), 2, 2, 'valid');
      const { mean, variance } = tf.moments(y, [0, 1, 2]);
      return tf.sum(tf.mul(tf.square(tf.div(tf.sub(y, mean), tf.sqrt(tf.add(variance, 1e-3)))), tf.sin(y)));
    };
    const gradients = () => {
      const [dx, dFilter] = tf.grads((a: tf.Tensor, b: tf.Tensor) => loss(a as tf.Tensor4D, b as tf.Tensor4D))([x, filter]);
      return tf.concat([tf.reshape(dx!, [-1]), tf.reshape(dFilter!, [-1])]);
    };
    const onWasm = tf.tidy(gradients).dataSync();
    const reference = await onCpu(gradients);
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < reference.length; i++) {
      worst = Math.max(worst, Math.abs(onWasm[i]! - reference[i]!));
      scale = Math.max(scale, Math.abs(reference[i]!));
    }
    expect(scale).toBeGreaterThan(0.1);
    expect(worst / scale).toBeLessThan(1e-4);
    tf.dispose([x, filter]);
  });

  it('refuses to swap the binary once the wasm backend is initialised', () => {
    expect(() => enableWasmThreads({ threads: 2 })).toThrow(/already initialised/);
  });
});
