import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { createOptimizer, setOptimizerLearningRate, type OptimizerName } from './create-optimizer.js';
import { readOptimizerState, restoreOptimizerState, type OptimizerState } from './optimizer-state.js';
import type { StepRunner } from './step-runner.js';
import { setDropoutStream } from '../models/seeded-dropout.js';

/**
 * Steps in this thread: `optimizer.minimize` of the mean categorical cross-entropy of the model's softmax output
 * (dropout and BatchNorm in training mode), counting correct arg-max predictions on the way.
 *
 * @param model - The model to train in place.
 * @param optimizer - An instance (not disposed here) or a name to create one (disposed by `dispose`).
 * @param learningRate - Initial rate of a created optimizer.
 * @param restored - Optimizer state from a checkpoint, restored before the first step.
 * @param dropoutSeed - Seed of the dropout masks: before step `s`, `setDropoutStream(model, dropoutSeed, s)`.
 */
export async function createLocalStepRunner(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer | OptimizerName,
  learningRate: number,
  restored: OptimizerState | null,
  dropoutSeed: number,
): Promise<StepRunner> {
  const owned = typeof optimizer === 'string';
  const instance = owned ? createOptimizer(optimizer, learningRate) : optimizer;
  try {
    if (restored) await restoreOptimizerState(instance, restored);
  } catch (error) {
    if (owned) instance.dispose();
    throw error;
  }
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return {
    async step(xs, ys, rate, step) {
      setDropoutStream(model, dropoutSeed, step);
      setOptimizerLearningRate(instance, rate);
      let correct: tf.Scalar | undefined;
      let loss: tf.Scalar | null = null;
      try {
        loss = instance.minimize(
          () => {
            const predictions = model.apply(xs, { training: true }) as tf.Tensor2D;
            correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(predictions, -1), tf.argMax(ys, -1)), 'float32')) as tf.Scalar);
            return tf.mean(categoricalCrossentropy(ys, predictions)) as tf.Scalar;
          },
          true,
          variables,
        );
        return { loss: (await loss!.data())[0], correct: (await correct!.data())[0] };
      } finally {
        loss?.dispose();
        correct?.dispose();
      }
    },
    async sync() {},
    readOptimizerState: () => readOptimizerState(instance),
    async dispose() {
      if (owned) instance.dispose();
    },
  };
}
