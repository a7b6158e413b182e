/**
 * Training steps through the Winograd paths: a BatchNorm CNN of the second paper's layer types whose second and third
 * convolutions are 3×3 stride 1 with ≥ 16 channels (so their forward passes and input gradients take Winograd
 * F(2×2, 3×3) by default), trained for three SGD and three Adam steps on wasm and on cpu from the same seeded
 * weights: the losses and each parameter's update within 1e-4 of cpu's (as src/training-steps.test.ts does for
 * the im2col paths), the Winograd paths proven taken, and no tensor leaked by a step.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { expectNoTensorLeak } from '@digitkit/test-utils';
import { describe, expect, it } from 'vitest';
import { enableWasmTraining } from '../enable-wasm-training.js';
import { relativeError, seededValues } from '../../test-support/kernel-check.js';
import { kernelDispatchCounts, resetKernelDispatchCounts } from './kernel-dispatch.js';

const BATCH = 8;
const STEPS = 3;
const SIZE = 12;

/** conv16 3×3 valid + BN + ReLU + maxpool → conv24 3×3 same + BN + ReLU → conv16 3×3 valid + ReLU → dense 10. */
function createModel(optimizer: 'sgd' | 'adam'): tfl.Sequential {
  let seed = 11;
  const kernelInitializer = () => tfl.initializers.glorotUniform({ seed: seed++ });
  // Convolutions feeding BatchNorm have no bias with Adam (see src/training-steps.test.ts: zero true gradient).
  const useBias = optimizer === 'sgd';
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [SIZE, SIZE, 1], filters: 16, kernelSize: 3, useBias, kernelInitializer: kernelInitializer() }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 24, kernelSize: 3, padding: 'same', useBias, kernelInitializer: kernelInitializer() }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: kernelInitializer() }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: kernelInitializer() }));
  model.compile({ optimizer: optimizer === 'sgd' ? tf.train.sgd(0.1) : tf.train.adam(0.01, 0.9, 0.999, 1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

function batch(): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  const xs = tf.tensor4d(seededValues(BATCH * SIZE * SIZE, 3).map((v) => (v + 1) / 2), [BATCH, SIZE, SIZE, 1]);
  const ys = tf.oneHot(tf.tensor1d(Int32Array.from({ length: BATCH }, (_, i) => (i * 3) % 10), 'int32'), 10) as tf.Tensor2D;
  return { xs, ys };
}

async function train(backend: 'cpu' | 'wasm', initial: Float32Array[], optimizer: 'sgd' | 'adam') {
  await tf.setBackend(backend);
  const model = createModel(optimizer);
  model.setWeights(initial.map((values, i) => tf.tensor(values, model.getWeights()[i]!.shape)));
  const { xs, ys } = batch();
  const losses: number[] = [];
  for (let step = 0; step < STEPS; step++) losses.push((await model.trainOnBatch(xs, ys)) as number);
  const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  const names = model.weights.map((w) => w.name);
  tf.dispose([xs, ys]);
  model.dispose();
  return { losses, weights, names };
}

const maxAbs = (values: Float32Array) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('training through the Winograd convolutions', () => {
  for (const optimizer of ['sgd', 'adam'] as const) {
    it(`gives cpu's losses and per-parameter updates on wasm (${optimizer}), with the Winograd paths taken`, async () => {
      await tf.setBackend('cpu');
      const first = createModel(optimizer);
      const initial = first.getWeights().map((w) => Float32Array.from(w.dataSync()));
      first.dispose();
      const reference = await train('cpu', initial, optimizer);
      await tf.setBackend('wasm');
      enableWasmTraining();
      resetKernelDispatchCounts();
      const actual = await train('wasm', initial, optimizer);
      const counts = kernelDispatchCounts();
      // conv2 and conv3: forward (Conv2D or FusedConv2D) and input gradient, each step.
      const forward = (counts['Conv2D/native:winograd'] ?? 0) + (counts['FusedConv2D/native:winograd'] ?? 0);
      expect(forward).toBeGreaterThanOrEqual(2 * STEPS);
      expect(counts['Conv2DBackpropInput/native:winograd']).toBe(2 * STEPS);
      expect(relativeError(actual.losses, reference.losses)).toBeLessThanOrEqual(1e-4);
      let largest = 0;
      const updates = reference.weights.map((w, i) => w.map((v, j) => v - initial[i]![j]!));
      for (const u of updates) largest = Math.max(largest, maxAbs(u));
      for (let i = 0; i < reference.weights.length; i++) {
        const name = reference.names[i]!;
        const expected = updates[i]!;
        const got = actual.weights[i]!.map((v, j) => v - initial[i]![j]!);
        if (optimizer === 'sgd' && /bias$/.test(name) && maxAbs(expected) <= 1e-5 * largest) {
          // The bias of a convolution feeding BatchNorm: zero true gradient, rounding noise only.
          expect(maxAbs(got), name).toBeLessThanOrEqual(1e-5 * largest);
          continue;
        }
        const tolerance = Math.max(1e-4 * maxAbs(expected), 1e-6 * maxAbs(reference.weights[i]!));
        expect(maxAbs(got.map((v, j) => v - expected[j]!)), name).toBeLessThanOrEqual(tolerance);
      }
    });
  }

  it('leaks no tensors during a training step on wasm', async () => {
    await tf.setBackend('wasm');
    enableWasmTraining();
    const model = createModel('adam');
    const { xs, ys } = batch();
    await model.trainOnBatch(xs, ys);
    resetKernelDispatchCounts();
    await expectNoTensorLeak(async () => {
      await model.trainOnBatch(xs, ys);
    });
    expect(kernelDispatchCounts()['Conv2DBackpropInput/native:winograd']).toBe(2);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
