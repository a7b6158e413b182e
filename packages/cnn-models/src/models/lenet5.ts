import * as tfl from '@tensorflow/tfjs-layers';
import { createDropoutLayers, createKernelInitializers, resolveModelOptions, type ModelOptions } from './model-options.js';

/** Options of {@link createLeNet5}. */
export interface LeNet5Options extends ModelOptions {
  /** Hidden activation: `'tanh'` as in LeCun et al. 1998, or `'relu'` (trains faster). Default `'relu'`. */
  activation?: 'relu' | 'tanh';
}

/**
 * LeNet-5 (LeCun et al. 1998) adapted to 28×28 input: conv 5×5×6 same, average-pool 2×2, conv 5×5×16 valid,
 * average-pool 2×2, flatten (400), dense 120, dense 84, dense softmax. No dropout unless `dropout > 0`
 * (then before the last dense layer).
 *
 * On `[28, 28, 1]` input with 10 classes: **61,706 parameters** and **0.83 MFLOPs per image**
 * (416,520 multiply-accumulates in conv and dense layers; FLOPs = 2 × MACs, see `countFlops`).
 *
 * @param options - Input shape, classes, seed, dropout (default `0`), activation (default `'relu'`).
 * @returns An uncompiled `tf.LayersModel` mapping `[N, 28, 28, 1]` float32 in [0, 1] to `[N, 10]` probabilities.
 */
export function createLeNet5(options?: LeNet5Options): tfl.LayersModel {
  const { inputShape, numClasses, seed, dropout } = resolveModelOptions('createLeNet5', options, {
    dropout: 0,
    minSpatial: 12,
    extraKeys: ['activation'],
  });
  const activation = options?.activation ?? 'relu';
  if (activation !== 'relu' && activation !== 'tanh') {
    throw new TypeError(`createLeNet5: expected activation 'relu' or 'tanh', got ${JSON.stringify(activation)}`);
  }
  const kernel = createKernelInitializers(seed);
  const dropoutLayer = createDropoutLayers(seed);
  const layers: tfl.layers.Layer[] = [
    tfl.layers.conv2d({ inputShape, filters: 6, kernelSize: 5, padding: 'same', activation, kernelInitializer: kernel() }),
    tfl.layers.averagePooling2d({ poolSize: 2 }),
    tfl.layers.conv2d({ filters: 16, kernelSize: 5, activation, kernelInitializer: kernel() }),
    tfl.layers.averagePooling2d({ poolSize: 2 }),
    tfl.layers.flatten(),
    tfl.layers.dense({ units: 120, activation, kernelInitializer: kernel() }),
    tfl.layers.dense({ units: 84, activation, kernelInitializer: kernel() }),
  ];
  if (dropout > 0) layers.push(dropoutLayer(dropout));
  layers.push(tfl.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: kernel() }));
  return tfl.sequential({ name: 'lenet5', layers });
}
