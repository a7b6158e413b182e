import * as tfl from '@tensorflow/tfjs-layers';
import { createDropoutLayers, createKernelInitializers, resolveModelOptions, type ModelOptions } from './model-options.js';

/** Options of {@link createStrongCnn}. */
export interface StrongCnnOptions extends ModelOptions {
  /** Filters of the first stage; the second stage has twice as many, the last conv four times. Default `32`. */
  filters?: number;
}

/**
 * A CNN for ≥ 99.6% single-model MNIST accuracy, after the well-known 99.6–99.7% recipes: stacked 3×3 conv
 * layers with BatchNorm, a learned 5×5 stride-2 downsampling conv instead of pooling, and dropout 0.4 after each
 * stage. Layout (f = `filters`): [conv 3×3 f valid, conv 3×3 f valid, conv 5×5 f stride 2 same, dropout] →
 * [conv 3×3 2f valid, conv 3×3 2f valid, conv 5×5 2f stride 2 same, dropout] → conv 4×4 4f valid → flatten →
 * dropout → dense softmax. Every conv is followed by BatchNorm + ReLU.
 *
 * Train it with rotation ±10°, zoom ±10% and shift ±10% (2.8 px) augmentation and a decaying learning rate (for example
 * Adam 1e-3 with an exponential 0.95-per-epoch schedule, 30+ epochs) — see the registry's `recommendedTraining`.
 *
 * On `[28, 28, 1]` input with 10 classes and `filters = 32`: **327,242 parameters** (326,410 trainable) and
 * **30.33 MFLOPs per image** (15,162,752 multiply-accumulates in conv and dense layers; FLOPs = 2 × MACs).
 *
 * @param options - Input shape, classes, seed, dropout (default `0.4`), filters (default `32`).
 * @returns An uncompiled `tf.LayersModel` mapping `[N, 28, 28, 1]` float32 to `[N, 10]` probabilities.
 */
export function createStrongCnn(options?: StrongCnnOptions): tfl.LayersModel {
  const { inputShape, numClasses, seed, dropout, batchNormMomentum } = resolveModelOptions('createStrongCnn', options, {
    dropout: 0.4,
    minSpatial: 28,
    extraKeys: ['filters'],
  });
  const filters = options?.filters ?? 32;
  if (!Number.isInteger(filters) || filters < 1) {
    throw new RangeError(`createStrongCnn: expected filters to be a positive integer, got ${String(filters)}`);
  }
  const kernel = createKernelInitializers(seed);
  const dropoutLayer = createDropoutLayers(seed);
  const layers: tfl.layers.Layer[] = [];
  const convBlock = (config: { filters: number; kernelSize: number; strides?: number; padding?: 'valid' | 'same' }): void => {
    layers.push(
      tfl.layers.conv2d({
        ...(layers.length === 0 ? { inputShape } : {}),
        filters: config.filters,
        kernelSize: config.kernelSize,
        strides: config.strides ?? 1,
        padding: config.padding ?? 'valid',
        kernelInitializer: kernel(),
      }),
      tfl.layers.batchNormalization({ momentum: batchNormMomentum }),
      tfl.layers.activation({ activation: 'relu' }),
    );
  };
  for (const stageFilters of [filters, filters * 2]) {
    convBlock({ filters: stageFilters, kernelSize: 3 });
    convBlock({ filters: stageFilters, kernelSize: 3 });
    convBlock({ filters: stageFilters, kernelSize: 5, strides: 2, padding: 'same' });
    if (dropout > 0) layers.push(dropoutLayer(dropout));
  }
  convBlock({ filters: filters * 4, kernelSize: 4 });
  layers.push(tfl.layers.flatten());
  if (dropout > 0) layers.push(dropoutLayer(dropout));
  layers.push(tfl.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: kernel() }));
  return tfl.sequential({ name: 'strong_cnn', layers });
}
