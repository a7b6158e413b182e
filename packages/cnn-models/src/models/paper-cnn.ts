import * as tfl from '@tensorflow/tfjs-layers';
import { createDropoutLayers, createKernelInitializers, resolveModelOptions, type ModelOptions } from './model-options.js';

/**
 * The first paper's CNN ("Handwritten Digit Recognition"): conv 3×3×32 valid + ReLU, max-pool 2×2,
 * conv 3×3×64 valid + ReLU, max-pool 2×2, flatten, dense 128 ReLU, dropout (default 0.25), dense softmax.
 *
 * On `[28, 28, 1]` input with 10 classes: **225,034 parameters** (all trainable) and **5.26 MFLOPs per image**
 * (2,631,040 multiply-accumulates in conv and dense layers; FLOPs = 2 × MACs, see `countFlops`).
 * Feature maps: 28 → 26 → 13 → 11 → 5, so the flattened vector has 5·5·64 = 1,600 values.
 *
 * Paper training: Adam, learning rate 1e-3, batch 32, 15 epochs, validation fraction 0.2, categorical
 * cross-entropy; reported test accuracy 98.5%.
 *
 * @param options - Input shape, classes, seed, dropout (default `0.25`).
 * @returns An uncompiled `tf.LayersModel` mapping `[N, 28, 28, 1]` float32 in [0, 1] to `[N, 10]` probabilities.
 */
export function createPaperCnn(options?: ModelOptions): tfl.LayersModel {
  const { inputShape, numClasses, seed, dropout } = resolveModelOptions('createPaperCnn', options, {
    dropout: 0.25,
    minSpatial: 10,
  });
  const kernel = createKernelInitializers(seed);
  const dropoutLayer = createDropoutLayers(seed);
  return tfl.sequential({
    name: 'paper_cnn',
    layers: [
      tfl.layers.conv2d({ inputShape, filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: kernel() }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: kernel() }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: kernel() }),
      dropoutLayer(dropout),
      tfl.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: kernel() }),
    ],
  });
}
