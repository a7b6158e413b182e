import * as tfl from '@tensorflow/tfjs-layers';
import { createDropoutLayers, createKernelInitializers, resolveModelOptions, type ModelOptions } from './model-options.js';

/**
 * The second paper's CNN (comparison of ML models for MNIST): conv 3×3×32 valid + BatchNorm + ReLU,
 * max-pool 2×2, conv 3×3×64 valid + BatchNorm + ReLU, max-pool 2×2, flatten, dense 128 ReLU,
 * dropout (default 0.5), dense softmax.
 *
 * On `[28, 28, 1]` input with 10 classes: **225,418 parameters** (225,226 trainable; the 192 others are the
 * BatchNorm moving means and variances) and **5.26 MFLOPs per image** (2,631,040 multiply-accumulates in conv
 * and dense layers; FLOPs = 2 × MACs, see `countFlops`).
 *
 * Paper training: Adam with its default learning rate (1e-3), batch 64, up to 20 epochs with early stopping on
 * validation loss; reported ensemble accuracy 99.1%.
 *
 * @param options - Input shape, classes, seed, dropout (default `0.5`).
 * @returns An uncompiled `tf.LayersModel` mapping `[N, 28, 28, 1]` float32 in [0, 1] to `[N, 10]` probabilities.
 */
export function createBatchNormCnn(options?: ModelOptions): tfl.LayersModel {
  const { inputShape, numClasses, seed, dropout, batchNormMomentum } = resolveModelOptions('createBatchNormCnn', options, {
    dropout: 0.5,
    minSpatial: 10,
  });
  const kernel = createKernelInitializers(seed);
  const dropoutLayer = createDropoutLayers(seed);
  return tfl.sequential({
    name: 'batch_norm_cnn',
    layers: [
      tfl.layers.conv2d({ inputShape, filters: 32, kernelSize: 3, kernelInitializer: kernel() }),
      tfl.layers.batchNormalization({ momentum: batchNormMomentum }),
      tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, kernelInitializer: kernel() }),
      tfl.layers.batchNormalization({ momentum: batchNormMomentum }),
      tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: kernel() }),
      dropoutLayer(dropout),
      tfl.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: kernel() }),
    ],
  });
}
