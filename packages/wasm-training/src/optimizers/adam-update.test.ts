import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { seededValues } from '../../test-support/kernel-check.js';
import { enableWasmTraining } from '../enable-wasm-training.js';
import { kernelDispatchCounts, resetKernelDispatchCounts } from '../kernels/kernel-dispatch.js';
import { adamUpdateOverrideActive, setAdamUpdateOverride } from './adam-update.js';

/** Four Adam steps with the given gradients (tiny, zero, large and mixed values) on wasm; the values after each. */
function adamSteps(fused: boolean): Float32Array[] {
  setAdamUpdateOverride(fused);
  const shapes = [[3, 37], [5], [2, 2, 3]];
  const variables = shapes.map((shape, i) => tf.variable(tf.tensor(seededValues(shape.reduce((a, b) => a * b), 10 + i), shape)));
  const optimizer = tf.train.adam(0.02, 0.85, 0.99, 1e-7);
  const after: Float32Array[] = [];
  for (let step = 0; step < 4; step++) {
    const gradients = variables.map((v, i) => {
      const values = seededValues(v.size, 100 * step + i).map((x, j) => (j % 5 === 0 ? x * 1e-8 : j % 7 === 0 ? 0 : x * 10 ** ((j % 3) - 1)));
      return { name: v.name, tensor: tf.tensor(values, v.shape) };
    });
    Reflect.set(optimizer, 'learningRate', 0.02 / (step + 1)); // a schedule changes it between steps (as cnn-models does)
    optimizer.applyGradients(gradients);
    tf.dispose(gradients.map((g) => g.tensor));
    for (const v of variables) after.push(Float32Array.from(v.dataSync()));
  }
  tf.dispose(variables);
  optimizer.dispose();
  return after;
}

describe('fused Adam update on wasm', () => {
  it("gives tfjs-core's AdamOptimizer values bit for bit (same formula, same float32 rounding order)", async () => {
    await tf.setBackend('wasm');
    enableWasmTraining();
    expect(adamUpdateOverrideActive()).toBe(true);
    const stock = adamSteps(false);
    resetKernelDispatchCounts();
    const fused = adamSteps(true);
    expect(kernelDispatchCounts()['Adam update/kernel']).toBe(4);
    expect(fused.length).toBe(stock.length);
    for (let i = 0; i < stock.length; i++) expect(Array.from(fused[i]), `values ${i}`).toEqual(Array.from(stock[i]));
  });

  it('keeps the optimizer state tfjs-core keeps (iterations, moments) and leaks no tensors', async () => {
    await tf.setBackend('wasm');
    enableWasmTraining();
    const v = tf.variable(tf.tensor1d(seededValues(9, 3)));
    const optimizer = tf.train.adam(0.01);
    const before = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) optimizer.minimize(() => tf.sum(tf.square(v)));
    // The two moment variables are created on the first step; nothing else stays.
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(optimizer.iterations).toBe(3);
    const weights = await optimizer.getWeights();
    expect(weights.map((w) => w.name)).toEqual(['iter', `${v.name}/m`, `${v.name}/v`]);
    tf.dispose(v);
    optimizer.dispose();
  });
});
