import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, getOptimizerLearningRate, setOptimizerLearningRate } from './create-optimizer.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** One step on f(x) = x (gradient 1) from x = 1 after switching the rate from 0.1 to `lr`; returns the new x. */
function stepAfterRateChange(name: 'sgd' | 'momentum' | 'adam' | 'rmsprop', lr: number): number {
  const optimizer = createOptimizer(name, 0.1);
  const x = tf.variable(tf.scalar(1));
  setOptimizerLearningRate(optimizer, lr);
  expect(getOptimizerLearningRate(optimizer)).toBe(lr);
  optimizer.minimize(() => tf.sum(x) as tf.Scalar, false, [x]);
  const value = x.dataSync()[0];
  x.dispose();
  optimizer.dispose();
  return value;
}

describe('setOptimizerLearningRate changes the rate the next step uses', () => {
  it('sgd: x − lr·g', () => {
    expect(stepAfterRateChange('sgd', 0.5)).toBeCloseTo(0.5, 6);
  });
  it('momentum: first step x − lr·g', () => {
    expect(stepAfterRateChange('momentum', 0.25)).toBeCloseTo(0.75, 6);
  });
  it('adam: first step moves by lr (m̂ / √v̂ = 1)', () => {
    expect(stepAfterRateChange('adam', 0.3)).toBeCloseTo(0.7, 5);
  });
  it('rmsprop: first step x − lr·g/√(0.1·g²)', () => {
    expect(stepAfterRateChange('rmsprop', 0.01)).toBeCloseTo(1 - 0.01 / Math.sqrt(0.1), 4);
  });
});
