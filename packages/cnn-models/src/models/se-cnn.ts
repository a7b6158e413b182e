import * as tfl from '@tensorflow/tfjs-layers';
import { createDropoutLayers, createKernelInitializers, resolveModelOptions, type ModelOptions } from './model-options.js';
import { squeezeExcitation } from './squeeze-excitation.js';

/** Options of {@link createSeCnn}. */
export interface SeCnnOptions extends ModelOptions {
  /** Squeeze-and-excitation reduction ratio. Default `8`. */
  ratio?: number;
}

/**
 * A CNN with squeeze-and-excitation channel attention — the attention step the second paper names as future
 * work. Three blocks of conv 3×3 same + BatchNorm + ReLU + SE (ratio 8), with 32, 64 and 128 filters; max-pool 2×2
 * after the first two; then global average pooling, dropout (default 0.3) and dense softmax.
 *
 * On `[28, 28, 1]` input with 10 classes: **100,486 parameters** (100,038 trainable) and **14.92 MFLOPs per
 * image** (7,457,792 multiply-accumulates in conv and dense layers; FLOPs = 2 × MACs, see `countFlops`).
 *
 * @param options - Input shape, classes, seed, dropout (default `0.3`), SE ratio (default `8`).
 * @returns An uncompiled functional `tf.LayersModel` mapping `[N, 28, 28, 1]` float32 to `[N, 10]` probabilities.
 */
export function createSeCnn(options?: SeCnnOptions): tfl.LayersModel {
  const { inputShape, numClasses, seed, dropout, batchNormMomentum } = resolveModelOptions('createSeCnn', options, {
    dropout: 0.3,
    minSpatial: 4,
    extraKeys: ['ratio'],
  });
  const ratio = options?.ratio ?? 8;
  if (!Number.isInteger(ratio) || ratio < 1) {
    throw new RangeError(`createSeCnn: expected ratio to be a positive integer, got ${String(ratio)}`);
  }
  const kernel = createKernelInitializers(seed);
  const dropoutLayer = createDropoutLayers(seed);
  const input = tfl.input({ shape: inputShape, name: 'image' });
  let x: tfl.SymbolicTensor = input;
  const filters = [32, 64, 128];
  filters.forEach((count, block) => {
    x = tfl.layers.conv2d({ filters: count, kernelSize: 3, padding: 'same', kernelInitializer: kernel() }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.batchNormalization({ momentum: batchNormMomentum }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.activation({ activation: 'relu' }).apply(x) as tfl.SymbolicTensor;
    x = squeezeExcitation(x, { ratio, kernelInitializer: kernel });
    if (block < filters.length - 1) x = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tfl.SymbolicTensor;
  });
  x = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  if (dropout > 0) x = dropoutLayer(dropout).apply(x) as tfl.SymbolicTensor;
  const output = tfl.layers
    .dense({ units: numClasses, activation: 'softmax', kernelInitializer: kernel() })
    .apply(x) as tfl.SymbolicTensor;
  return tfl.model({ name: 'se_cnn', inputs: input, outputs: output });
}
