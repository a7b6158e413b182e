import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { expectNoTensorLeak } from '@digitkit/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { enableWasmTraining } from '../enable-wasm-training.js';
import { relativeError, seededValues } from '../../test-support/kernel-check.js';

interface Case {
  shape: number[];
  scale: boolean;
  offset: boolean;
  epsilon: number;
}

const cases: Case[] = [
  { shape: [4, 6, 6, 8], scale: true, offset: true, epsilon: 1e-3 },
  { shape: [3, 5, 5, 7], scale: true, offset: true, epsilon: 1e-2 },
  { shape: [2, 3, 3, 5], scale: true, offset: true, epsilon: 1e-5 },
  { shape: [16, 10], scale: true, offset: true, epsilon: 1e-3 },
];

/**
 * Gradients of sum(w ⊙ batchNorm(x, moments(x))) — the training-mode BatchNorm of tfjs-layers. (tfjs 4.22 itself
 * cannot differentiate batchNorm without scale or offset — its tape reads the missing inputs — so both are given.)
 */
function gradients(c: Case): Float32Array[] {
  return tf.tidy(() => {
    const channels = c.shape[c.shape.length - 1];
    const x = tf.tensor(seededValues(c.shape.reduce((a, b) => a * b), 1), c.shape);
    const w = tf.tensor(seededValues(c.shape.reduce((a, b) => a * b), 2), c.shape);
    const scale = tf.add(tf.tensor1d(seededValues(channels, 3)), 1.5);
    const offset = tf.tensor1d(seededValues(channels, 4));
    const axes = c.shape.slice(0, -1).map((_, i) => i);
    // Differentiate with respect to x and to the scale/offset actually used.
    const args = [x, ...(c.scale ? [scale] : []), ...(c.offset ? [offset] : [])];
    const grads = tf.grads((...inputs: tf.Tensor[]) => {
      const [xx, ...rest] = inputs;
      const ss = c.scale ? rest.shift() : undefined;
      const oo = c.offset ? rest.shift() : undefined;
      const { mean, variance } = tf.moments(xx, axes);
      const y = tf.batchNorm(xx, mean, variance, oo, ss, c.epsilon);
      return tf.sum(tf.mul(y, w));
    });
    return grads(args).map((g) => g.dataSync() as Float32Array);
  });
}

describe('FusedBatchNorm gradient on wasm (fast) vs cpu', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    enableWasmTraining();
  });

  for (const c of cases) {
    it(`${JSON.stringify(c)}`, async () => {
      await tf.setBackend('cpu');
      const expected = gradients(c);
      await tf.setBackend('wasm');
      const actual = await expectNoTensorLeak(() => gradients(c));
      for (let i = 0; i < expected.length; i++) {
        expect(relativeError(actual[i], expected[i]), `gradient ${i}`).toBeLessThanOrEqual(1e-4);
      }
    });
  }

  it('uses the fused kernel on wasm (no Tile of its own)', async () => {
    await tf.setBackend('wasm');
    const profile = await tf.profile(() => {
      gradients(cases[0]);
    });
    const names = profile.kernels.map((k) => k.name);
    expect(names).toContain('DigitkitFusedBatchNormGrad');
    // The only Tiles left are the broadcasts of the two Mean gradients of tf.moments (mean and variance).
    expect(names.filter((n) => n === 'Tile')).toHaveLength(2);
  });
});
