import * as tf from '@tensorflow/tfjs-core';

/** Optimizers `trainClassifier` can create by name. */
export type OptimizerName = 'adam' | 'sgd' | 'momentum' | 'rmsprop' | 'adagrad' | 'adadelta';

const NAMES: readonly OptimizerName[] = ['adam', 'sgd', 'momentum', 'rmsprop', 'adagrad', 'adadelta'];

/** Default learning rate per optimizer (Keras' defaults; 0.01 for SGD and momentum). */
export const DEFAULT_LEARNING_RATES: Readonly<Record<OptimizerName, number>> = Object.freeze({
  adam: 1e-3,
  sgd: 1e-2,
  momentum: 1e-2,
  rmsprop: 1e-3,
  adagrad: 1e-3,
  adadelta: 1,
});

/** Validates an optimizer name; throws a `TypeError` naming the known ones. */
export function assertOptimizerName(functionName: string, name: unknown): asserts name is OptimizerName {
  if (!NAMES.includes(name as OptimizerName)) {
    throw new TypeError(
      `${functionName}: expected optimizer to be one of ${NAMES.map((n) => `'${n}'`).join(', ')} or a tf.Optimizer, got ${JSON.stringify(name)}`,
    );
  }
}

/**
 * Creates a tfjs optimizer by name: Adam (β1 0.9, β2 0.999, ε 1e-7 like Keras), SGD, momentum SGD (0.9),
 * RMSProp (ρ 0.9), Adagrad, Adadelta.
 */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, 0.9);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, 0.9);
    case 'adagrad':
      return tf.train.adagrad(learningRate);
    case 'adadelta':
      return tf.train.adadelta(learningRate);
  }
}

/**
 * Sets the learning rate of a tfjs optimizer in place. SGD-family optimizers cache the rate in a scalar and
 * expose `setLearningRate`; the others read their `learningRate` field on every step.
 */
export function setOptimizerLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const target = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (target.learningRate === learningRate) return;
  if (typeof target.setLearningRate === 'function') target.setLearningRate(learningRate);
  else target.learningRate = learningRate;
}

/** Reads the learning rate of a tfjs optimizer (`NaN` when it has none). */
export function getOptimizerLearningRate(optimizer: tf.Optimizer): number {
  const value = (optimizer as unknown as { learningRate?: unknown }).learningRate;
  return typeof value === 'number' ? value : Number.NaN;
}
