/**
 * The two papers' CNNs, built with tfjs-layers exactly as the benchmark's PyTorch twins in torch_train_bench.py.
 * Keras/tfjs defaults: 'valid' padding, BatchNormalization momentum 0.99 and epsilon 1e-3, Adam epsilon 1e-7.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Model names of the benchmark. */
export type BenchModelName = 'paper-cnn' | 'bn-cnn';

/** Human-readable labels for the table. */
export const MODEL_LABELS: Record<BenchModelName, string> = {
  'paper-cnn': 'paper 1 CNN',
  'bn-cnn': 'paper 2 BN CNN',
};

/**
 * First paper: conv32 3x3 ReLU, maxpool 2, conv64 3x3 ReLU, maxpool 2, flatten, dense128 ReLU, dropout 0.25,
 * dense10 softmax; Adam 1e-3, categorical cross-entropy.
 */
export function createPaperCnn(): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 128, activation: 'relu' }));
  model.add(tfl.layers.dropout({ rate: 0.25 }));
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/**
 * Second paper: conv32 3x3 valid + BatchNorm + ReLU + maxpool 2, conv64 3x3 + BatchNorm + ReLU + maxpool 2, flatten,
 * dense128 ReLU, dropout 0.5, dense10 softmax; Adam (default learning rate 1e-3), categorical cross-entropy.
 */
export function createBatchNormCnn(): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'valid' }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3 }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 128, activation: 'relu' }));
  model.add(tfl.layers.dropout({ rate: 0.5 }));
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/** Builds a benchmark model by name. */
export function createBenchModel(name: BenchModelName): tfl.Sequential {
  return name === 'paper-cnn' ? createPaperCnn() : createBatchNormCnn();
}
