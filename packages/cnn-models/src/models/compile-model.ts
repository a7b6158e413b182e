import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

const defaults = new WeakSet<object>();

/**
 * Compiles a model the way Keras users expect a fresh MNIST classifier: Adam (1e-3, owned by the model and
 * disposed with it), categorical cross-entropy, accuracy — so `model.evaluate` and `model.fit` work at once.
 * `trainClassifier` treats this default optimizer as "no optimizer chosen" (it creates its own per run); an
 * optimizer you compile with yourself is the one it uses.
 */
export function compileModel(model: tfl.LayersModel): tfl.LayersModel {
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  defaults.add(model.optimizer);
  return model;
}

/** Whether `optimizer` is the default one {@link compileModel} set (not chosen by the user). */
export function isDefaultCompiledOptimizer(optimizer: tf.Optimizer): boolean {
  return defaults.has(optimizer);
}
