import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { expectNoTensorLeak } from '@digitkit/test-utils';
import { describe, expect, it } from 'vitest';
import { enableWasmTraining } from './enable-wasm-training.js';
import { relativeError, seededValues } from '../test-support/kernel-check.js';
import { kernelDispatchCounts, resetKernelDispatchCounts } from './kernels/kernel-dispatch.js';

/**
 * A small BatchNorm CNN with the second paper's layer types (no dropout, so runs are deterministic). With Adam the
 * convolutions feeding BatchNorm have no bias: that bias has a zero true gradient, and Adam (dividing by sqrt(v))
 * turns its rounding noise into ±lr steps, which then move BatchNorm's moving mean differently on each backend.
 */
function createSmallBatchNormCnn(optimizer: 'sgd' | 'adam' = 'sgd'): tfl.Sequential {
  const useBias = optimizer === 'sgd';
  // Seeded initial weights, so a failure reproduces.
  let seed = 1;
  const kernelInitializer = () => tfl.initializers.glorotUniform({ seed: seed++ });
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [14, 14, 1], filters: 8, kernelSize: 3, useBias, kernelInitializer: kernelInitializer() }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 12, kernelSize: 3, padding: 'same', strides: 2, useBias, kernelInitializer: kernelInitializer() }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 16, activation: 'relu', kernelInitializer: kernelInitializer() }));
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: kernelInitializer() }));
  // Adam's epsilon is 1e-3 here, not tfjs's 1e-7: with |gradient| near epsilon Adam's step g/(|g| + ε) is
  // ill-conditioned, so the float32 summation-order differences of the two backends' gradients would dominate; the
  // update formula itself is checked bit for bit in src/optimizers/adam-update.test.ts.
  model.compile({ optimizer: optimizer === 'sgd' ? tf.train.sgd(0.1) : tf.train.adam(0.01, 0.9, 0.999, 1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

const BATCH = 16;
const STEPS = 3;

async function train(backend: 'cpu' | 'wasm', initial: Float32Array[], optimizer: 'sgd' | 'adam'): Promise<{ losses: number[]; weights: Float32Array[]; names: string[] }> {
  await tf.setBackend(backend);
  await tf.ready();
  const model = createSmallBatchNormCnn(optimizer);
  model.setWeights(initial.map((values, i) => tf.tensor(values, model.getWeights()[i].shape)));
  const xs = tf.tensor4d(seededValues(BATCH * 14 * 14, 1).map((v) => (v + 1) / 2), [BATCH, 14, 14, 1]);
  const labels = Int32Array.from({ length: BATCH }, (_, i) => (i * 7) % 10);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const losses: number[] = [];
  for (let step = 0; step < STEPS; step++) losses.push((await model.trainOnBatch(xs, ys)) as number);
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  const names = zeroGradientBiases(model);
  tf.dispose([xs, ys]);
  model.dispose();
  return { losses, weights, names };
}

/**
 * For each weight of `model` (in getWeights() order), `layer <index> <class> <weight>`, or `'zero-gradient:<name>'` for the bias of a
 * convolution that feeds a BatchNormalization layer: BatchNorm subtracts the batch mean, so that bias has a zero
 * true gradient and its update holds only rounding noise (no meaningful relative error of its own).
 */
function zeroGradientBiases(model: tfl.Sequential): string[] {
  // model.weights is in getWeights() order (trainable weights first, then BatchNorm's moving statistics).
  return model.weights.map((w) => {
    const slash = w.name.lastIndexOf('/');
    const index = model.layers.findIndex((layer) => layer.name === w.name.slice(0, slash));
    const layer = model.layers[index];
    const next = model.layers[index + 1];
    const name = `layer ${index} ${layer.getClassName()} ${w.name.slice(slash + 1)}`;
    const feedsBatchNorm = layer.getClassName() === 'Conv2D' && next?.getClassName() === 'BatchNormalization';
    return feedsBatchNorm && name.endsWith('bias') ? `zero-gradient:${name}` : name;
  });
}

/** `after − before`, element by element: what training changed. */
function update(after: Float32Array, before: Float32Array): Float32Array {
  return after.map((v, i) => v - before[i]);
}

describe('training a small BatchNorm CNN', () => {
  for (const [fast, optimizer] of [[false, 'sgd'], [true, 'sgd'], [true, 'adam']] as const) {
    it(`gives the same losses and weights on wasm (fast: ${fast}, ${optimizer}) as on cpu`, async () => {
      await tf.setBackend('cpu');
      const initialModel = createSmallBatchNormCnn(optimizer);
      const initial = initialModel.getWeights().map((w) => Float32Array.from(w.dataSync()));
      initialModel.dispose();
      const reference = await train('cpu', initial, optimizer);
      await tf.setBackend('wasm');
      enableWasmTraining({ fast });
      resetKernelDispatchCounts();
      const actual = await train('wasm', initial, optimizer);
      // With fast: true and Adam, the fused update kernel ran (not tfjs-core's ten kernels per variable).
      if (optimizer === 'adam') expect(kernelDispatchCounts()['Adam update/kernel']).toBe(STEPS);
      expect(relativeError(actual.losses, reference.losses)).toBeLessThanOrEqual(1e-4);
      expect(actual.names).toEqual(reference.names);
      expect(reference.names.filter((n) => n.startsWith('zero-gradient:'))).toHaveLength(optimizer === 'sgd' ? 2 : 0);
      // Each parameter on its own: the update training made (weights − initial weights), compared with that
      // parameter's own reference update (relative 1e-4), so small parameters (BatchNorm β, dense biases) are held
      // to the same standard as the large ones. The tolerance never drops below the float32 resolution of the
      // parameter's own values (1e-6 of them: BatchNorm's moving statistics move by less than that in 3 steps).
      // Zero-gradient biases must stay at their initial value up to rounding.
      const maxAbs = (values: Float32Array) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      let largestUpdate = 0;
      for (let i = 0; i < reference.weights.length; i++) {
        largestUpdate = Math.max(largestUpdate, maxAbs(update(reference.weights[i], initial[i])));
      }
      for (let i = 0; i < reference.weights.length; i++) {
        const name = reference.names[i];
        expect(actual.weights[i].length, name).toBe(reference.weights[i].length);
        const expected = update(reference.weights[i], initial[i]);
        const got = update(actual.weights[i], initial[i]);
        if (name.startsWith('zero-gradient:')) {
          expect(maxAbs(got), name).toBeLessThanOrEqual(1e-5 * largestUpdate);
          expect(maxAbs(expected), name).toBeLessThanOrEqual(1e-5 * largestUpdate);
          continue;
        }
        if (!/moving_(mean|variance)$/.test(name)) {
          // Training changed this parameter, so its comparison is not vacuous.
          expect(maxAbs(expected), name).toBeGreaterThan(1e-3 * largestUpdate);
        }
        const tolerance = Math.max(1e-4 * maxAbs(expected), 1e-6 * maxAbs(reference.weights[i]));
        expect(maxAbs(got.map((v, j) => v - expected[j])), name).toBeLessThanOrEqual(tolerance);
      }
    });
  }

  it.each(['sgd', 'adam'] as const)('leaks no tensors during a training step on wasm (%s)', async (optimizer) => {
    await tf.setBackend('wasm');
    enableWasmTraining();
    const model = createSmallBatchNormCnn(optimizer);
    const xs = tf.randomUniform([BATCH, 14, 14, 1]);
    const ys = tf.oneHot(tf.tensor1d(Int32Array.from({ length: BATCH }, (_, i) => i % 10), 'int32'), 10);
    await model.trainOnBatch(xs, ys); // creates the optimizer's slots once
    await expectNoTensorLeak(async () => {
      await model.trainOnBatch(xs, ys);
    });
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
